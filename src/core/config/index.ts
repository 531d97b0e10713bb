// Every extractor, one per format. A new format is one file here and touches no rule.
import type { Extractor } from '../model';

export const EXTRACTORS: readonly Extractor[] = [];
