// The lint engine as the extension uses it. Built as its own bundle (dist/engine.js) and loaded
// on the first lint, so activating the extension does not pay for every extractor, YAML and
// JSON parser and the tree-sitter runtime up front.
export { isLintable, lintableFilesGlob, lintDocument } from '../core/lint';
export { nearbyFileReader } from '../core/nearby';
