// The README's framework sections show the example apps' own files: each block that follows a
// `<!-- recipe: path -->` comment is that file, verbatim. `node test/frameworks/readme-recipes.mjs --write`
// copies the files into the README after an app changed; the test fails while they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const README = resolve(ROOT, 'README.md');
const RECIPE = /<!-- recipe: (\S+) -->\n```(\w*)\n([\s\S]*?)```\n/g;
const LANGUAGES = { '.tsx': 'tsx', '.ts': 'ts', '.vue': 'vue', '.html': 'html', '.json': 'json', '.mjs': 'js', '.js': 'js', '.css': 'css' };

/**
 * Every recipe block in the README: the file it names, what the README shows and what the file holds.
 * @param {string} readme
 */
export function recipes(readme) {
  return [...readme.matchAll(RECIPE)].map(([, path, , shown]) => ({ path, shown, file: readFileSync(resolve(ROOT, path), 'utf8') }));
}

/** @param {string} readme */
export function withCurrentRecipes(readme) {
  return readme.replace(RECIPE, (_, path) => {
    const file = readFileSync(resolve(ROOT, path), 'utf8');
    return `<!-- recipe: ${path} -->\n\`\`\`${LANGUAGES[/** @type {keyof typeof LANGUAGES} */ (extname(path))] ?? ''}\n${file.endsWith('\n') ? file : `${file}\n`}\`\`\`\n`;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  writeFileSync(README, withCurrentRecipes(readFileSync(README, 'utf8')));
}
