import type { NextConfig } from 'next';

const config: NextConfig = {
  // Only because the tests build this app inside the package's own folder (node_modules/.cache):
  // without it, Next.js takes the package's lockfile for the workspace root.
  turbopack: { root: process.cwd() },
};

export default config;
