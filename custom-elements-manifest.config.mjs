import { posix } from 'node:path';

/** The manifest describes what the package ships: dist/…/*.js, not the TypeScript sources. */
function pointAtDist(path) {
  return path.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');
}

/** Every `path` and `module` reference under `node`; a relative one is resolved from the module that holds it. */
function rewriteModulePaths(node, modulePath) {
  if (Array.isArray(node)) return node.forEach((item) => rewriteModulePaths(item, modulePath));
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'path' || key === 'module') && typeof value === 'string') {
      node[key] = pointAtDist(value.startsWith('.') ? posix.join(posix.dirname(modulePath), value) : value);
    } else {
      rewriteModulePaths(value, modulePath);
    }
  }
}

function pointModulesAtDist({ customElementsManifest: manifest }) {
  // A module of types only (no declarations, no exports) has no JavaScript file to point at.
  manifest.modules = manifest.modules.filter((module) => module.declarations?.length || module.exports?.length);
  for (const module of manifest.modules) rewriteModulePaths(module, module.path);
}

export default {
  globs: ['src/index.ts', 'src/element/**/*.ts'],
  exclude: ['**/*.test.ts'],
  outdir: '.',
  litelement: true,
  // package.json names custom-elements.json itself; letting the analyzer write it would point it at
  // the drift check's scratch directory.
  packagejson: false,
  plugins: [{ name: 'point-at-dist', packageLinkPhase: pointModulesAtDist }],
};
