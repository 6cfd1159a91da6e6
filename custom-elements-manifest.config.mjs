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
      node[key] = distPath(value, modulePath);
    } else {
      rewriteModulePaths(value, modulePath);
    }
  }
}

/** The dist path a module reference means, relative ones resolved from the module that holds them. */
function distPath(reference, modulePath) {
  return pointAtDist(reference.startsWith('.') ? posix.join(posix.dirname(modulePath), reference) : reference);
}

function pointModulesAtDist({ customElementsManifest: manifest }) {
  // A module of types only (no declarations, no exports) has no JavaScript file to point at, and
  // neither has a type re-exported from it (`export type { … } from './authorization-view.js'`).
  const typesOnly = new Set(
    manifest.modules.filter((module) => !module.declarations?.length && !module.exports?.length).map((module) => pointAtDist(module.path)),
  );
  manifest.modules = manifest.modules.filter((module) => !typesOnly.has(pointAtDist(module.path)));
  for (const module of manifest.modules) {
    module.exports = module.exports?.filter((entry) => !entry.declaration?.module || !typesOnly.has(distPath(entry.declaration.module, module.path)));
    rewriteModulePaths(module, module.path);
  }
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
