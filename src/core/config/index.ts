// Every extractor, one per format. A new format is one file here and touches no rule.
import type { Extractor } from '../model';
import { javascriptExtractor } from './javascript';
import { ghostJsonExtractor } from './ghostJson';
import { dotenvExtractor } from './dotenv';
import { pythonExtractor } from './python';
import { rubyExtractor } from './ruby';
import { csharpExtractor } from './csharp';
import { phpExtractor } from './php';
import { javaPropertiesExtractor } from './javaProperties';
import { springYamlExtractor } from './springYaml';
import { msmtpExtractor } from './msmtp';
import { muttExtractor } from './mutt';
import { postfixMainCfExtractor } from './postfixMainCf';
import { gitConfigExtractor } from './gitConfig';
import { giteaIniExtractor } from './giteaIni';
import { grafanaIniExtractor } from './grafanaIni';
import { goExtractor } from './go';
import { rustExtractor } from './rust';
import { composeEnvExtractor } from './composeEnv';
import { ssmtpExtractor } from './ssmtp';
import { mbsyncExtractor } from './mbsync';
import { offlineimapExtractor } from './offlineimap';
import { fetchmailExtractor } from './fetchmail';
import { thunderbirdAutoconfigExtractor } from './thunderbirdAutoconfig';
import { symfonyConfigExtractor } from './symfonyConfig';
import { dotnetConfigExtractor } from './dotnetConfig';
import { javaExtractor } from './java';
import { sentryYamlExtractor } from './sentryYaml';
import { fluentdMailExtractor } from './fluentdMail';
import { homeAssistantExtractor } from './homeAssistant';
import { githubActionsExtractor } from './githubActions';
import { keycloakJsonExtractor } from './keycloakJson';

export const EXTRACTORS: readonly Extractor[] = [
  javascriptExtractor,
  ghostJsonExtractor,
  dotenvExtractor,
  pythonExtractor,
  rubyExtractor,
  csharpExtractor,
  phpExtractor,
  javaPropertiesExtractor,
  springYamlExtractor,
  msmtpExtractor,
  muttExtractor,
  postfixMainCfExtractor,
  gitConfigExtractor,
  giteaIniExtractor,
  grafanaIniExtractor,
  goExtractor,
  rustExtractor,
  composeEnvExtractor,
  ssmtpExtractor,
  mbsyncExtractor,
  offlineimapExtractor,
  fetchmailExtractor,
  thunderbirdAutoconfigExtractor,
  symfonyConfigExtractor,
  dotnetConfigExtractor,
  javaExtractor,
  sentryYamlExtractor,
  fluentdMailExtractor,
  homeAssistantExtractor,
  githubActionsExtractor,
  keycloakJsonExtractor,
];
