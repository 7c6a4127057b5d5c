#!/usr/bin/env node
// The `parta` command. TypeScript sources run through tsx (see docs/decisions/0002-typescript-runtime.md).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
