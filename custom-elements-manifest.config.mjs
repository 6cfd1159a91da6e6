export default {
  globs: ['src/**/*.ts'],
  exclude: ['**/*.test.ts'],
  outdir: '.',
  litelement: true,
  // package.json names custom-elements.json itself; letting the analyzer write it would point it at
  // the drift check's scratch directory.
  packagejson: false,
};
