import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { S3Storage } from './s3-storage';
import { storageContract } from './storage.contract';

// The SDK warns once per process that its 2027 releases need Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** S3 through the official SDK against a real S3-compatible server (s3rver) on loopback. */
storageContract('S3 (s3rver on loopback)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  const opts = {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    bucket: 'parta-test',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
    partSize: 5 * 1024 * 1024,
  };
  const admin = new S3Client({
    endpoint: opts.endpoint,
    region: opts.region,
    forcePathStyle: true,
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
  });
  await admin.send(new CreateBucketCommand({ Bucket: opts.bucket }));
  admin.destroy();
  return {
    storage: new S3Storage(opts),
    close: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
