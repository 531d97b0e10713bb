// Every rule, one per file. A new rule is one file here and touches no extractor.
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [];
