/*
 * The element loads the socket, pairing-code and account code and the Russian texts as chunks the
 * first time it needs them. Tests on a fake clock cannot wait for a module to load (a timer the
 * loaded code plans would be on the fake clock, already past), so every test page has them loaded
 * before its first element: this module's top-level await holds back every module that imports it.
 * The first load itself, and a chunk that cannot be loaded, are tested on the real bundle (test/e2e/chunks.test.mjs).
 */
import { chunks } from '../../src/element/lazy-activities.js';
import { loadStrings } from '../../src/element/strings.js';

await Promise.all([...Object.values(chunks).map((load) => load()), loadStrings('ru')]);
