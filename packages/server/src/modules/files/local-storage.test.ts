import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalStorage } from './local-storage';
import { storageContract } from './storage.contract';

storageContract('local directory', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-files-'));
  return {
    storage: new LocalStorage(dir),
    close: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});
