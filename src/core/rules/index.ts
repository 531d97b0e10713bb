// Every rule, one per file. A new rule is one file here and touches no extractor.
import { certificateVerificationDisabled } from './certificateVerificationDisabled';
import { conflictingTlsFlags } from './conflictingTlsFlags';
import { envStringBoolean } from './envStringBoolean';
import { implicitPortWithoutImplicitTls } from './implicitPortWithoutImplicitTls';
import { port25Submission } from './port25Submission';
import type { Rule } from './rule';
import { starttlsNotEnforced } from './starttlsNotEnforced';
import { starttlsPortWithImplicitTls } from './starttlsPortWithImplicitTls';
import { tlsDisabledWithCredentials } from './tlsDisabledWithCredentials';

export const RULES: readonly Rule[] = [
  starttlsPortWithImplicitTls,
  implicitPortWithoutImplicitTls,
  conflictingTlsFlags,
  tlsDisabledWithCredentials,
  certificateVerificationDisabled,
  envStringBoolean,
  starttlsNotEnforced,
  port25Submission,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
