import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import esbuild from 'rollup-plugin-esbuild';

// esbuild reads tsconfig.json for experimentalDecorators/useDefineForClassFields,
// without which Lit's decorators are emitted in the wrong (standard) form.
const typescript = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' });
// Terser leaves template text alone: the whitespace of Lit's html`…` and css`…` goes here, and fails the build if a template cannot be minified.
const minifyTemplates = () => minifyHtmlLiterals({ include: ['src/element/**/*.ts'], failOnError: true });
// `module: true` lets terser drop unused top-level names, which for the IIFE is its window global;
// a second compress pass finds what the first made possible (about 15 B gzip on the default path).
const minify = (module) => terser({ ecma: 2022, module, compress: { passes: 3, unsafe_arrows: true }, format: { comments: false } });

export default [
  // npm build: one file per module, Lit, the frameworks and the emulator's Node packages left to the
  // app's bundler or to Node, so that they are shared, not duplicated.
  {
    input: [
      'src/index.ts',
      'src/element/greenapi-qr.ts',
      'src/bindings/react.ts',
      'src/bindings/react-jsx.ts',
      'src/bindings/vue.ts',
      'src/emulator/index.ts',
      'src/emulator/cli.ts',
      'src/server/index.ts',
    ],
    output: { dir: 'dist', format: 'es', sourcemap: true, preserveModules: true, preserveModulesRoot: 'src' },
    external: [/^lit(\/|$)/, /^@lit\//, 'react', 'vue', 'ws', 'qrcode', 'pngjs', /^node:/],
    plugins: [typescript()],
  },
  // <script type="module">: Lit inlined (its production build). What the default path (a QR code
  // over polling, in English) never needs is in chunks next to it (dist/chunks/), which import()
  // finds relative to the file itself: from a CDN as from a bundler.
  {
    input: { 'greenapi-qr.min': 'src/index.ts' },
    // The chunks import what they share from the entry itself, not from a third file.
    preserveEntrySignatures: 'allow-extension',
    output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    plugins: [nodeResolve({ browser: true }), minifyTemplates(), typescript(), minify(true)],
  },
  // classic <script>: one file that cannot import chunks, as an IIFE that exposes the class on window.GreenApiQr.
  {
    input: 'src/index.ts',
    output: { file: 'dist/greenapi-qr.iife.js', format: 'iife', name: 'GreenApiQr', sourcemap: true, exports: 'named', inlineDynamicImports: true },
    plugins: [nodeResolve({ browser: true }), minifyTemplates(), typescript(), minify(false)],
  },
];
