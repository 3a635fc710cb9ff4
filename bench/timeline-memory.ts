/**
 * Child process of bench/timeline.bench.ts: reads one .otio file, writes it back to a string,
 * and prints its peak RSS as JSON, so the number is not polluted by the parent's garbage.
 */
import { readFileSync } from 'node:fs';
import { readFromString, writeToString } from '../src/timeline/index.js';

const file = process.argv[2] ?? '';
const startRss = process.resourceUsage().maxRSS * 1024;
const text = readFileSync(file, 'utf8');
const object = readFromString(text, { file });
const out = writeToString(object);
const peak = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ startRss, peak, textBytes: text.length, identical: out === text }));
