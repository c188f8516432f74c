#!/usr/bin/env node
// The `exitscope` CLI entry point. It runs the TypeScript sources directly through tsx, so a
// checkout needs no build step for the CLI, `serve` or the benchmarks.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/core/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
