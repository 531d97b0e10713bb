// What the benchmark loads of the engine: the one entry both faces use, plus the tree cache's
// size so a figure can be shown to come from the pre-parse check rather than from a parse.
export { lintDocument } from '../../src/core/lint';
export { cachedSyntaxTreeCount } from '../../src/core/config/parsers/treeSitter';
