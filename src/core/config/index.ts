// Every extractor, one per format. A new format is one file here and touches no rule.
import type { Extractor } from '../model';
import { javascriptExtractor } from './javascript';
import { ghostJsonExtractor } from './ghostJson';
import { dotenvExtractor } from './dotenv';

export const EXTRACTORS: readonly Extractor[] = [
  javascriptExtractor,
  ghostJsonExtractor,
  dotenvExtractor,
];
