import fastifyMultipart from '@fastify/multipart';
import { FileDownloadQuery, FileInfo, FileParams } from '@parta/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database';
import { requireActor } from '../../platform/auth-hook';
import { AppError, notFound } from '../../platform/errors';
import type { AppInstance } from '../../platform/types';
import { contentDisposition, FILE_RESPONSE_HEADERS, isInline, servedType } from './files.policy';
import * as files from './files.service';
import { StorageObjectNotFound } from './storage';

const tags = ['files'];

/** Room for the multipart envelope (boundaries, part headers) beyond the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

interface Stored {
  key: string;
  size: number;
  mime: string;
  name: string;
  etag: string;
  disposition: 'inline' | 'attachment';
}

/**
 * Sends stored bytes with the serving rules of `files.policy.ts`: the safe
 * type, the disposition, `nosniff` and a deny-all CSP; ETag revalidation
 * (after the access check, never instead of it); one byte range (206) for
 * seeking in audio and video.
 */
async function sendStored(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: files.FilesDeps,
  s: Stored,
): Promise<FastifyReply> {
  const etag = `"${s.etag}"`;
  void reply.headers({
    ...FILE_RESPONSE_HEADERS,
    'cache-control': 'private, no-cache',
    etag,
    'accept-ranges': 'bytes',
    'content-type': servedType(s.mime),
    'content-disposition': contentDisposition(s.disposition, s.name),
  });
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  const range = files.parseRange(request.headers.range, s.size);
  if (range === 'unsatisfiable') {
    throw new AppError('RANGE_NOT_SATISFIABLE', undefined, {
      headers: { 'content-range': `bytes */${s.size}` },
    });
  }
  let body;
  try {
    body = await deps.storage.get(s.key, range ?? undefined);
  } catch (err) {
    if (err instanceof StorageObjectNotFound) throw notFound('The file’s content is gone.');
    throw files.storageUnavailable(deps, err);
  }
  if (range) {
    void reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${s.size}`)
      .header('content-length', String(range.end - range.start + 1));
  } else void reply.code(200).header('content-length', String(s.size));
  return reply.send(body);
}

/**
 * `POST /api/v1/files` (multipart, one part) and the reads of a file. The
 * multipart parser is registered in this plugin's scope only.
 */
export function filesRoutes(app: AppInstance, deps: files.FilesDeps & { db: Db }): void {
  const { db, settings } = deps;
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    await scope.register(fastifyMultipart, { throwFileSizeLimit: false });

    scope.post(
      '/api/v1/files',
      {
        schema: {
          tags,
          summary:
            'Upload one file (multipart/form-data, any field name); attach it by sending a message with fileIds',
          consumes: ['multipart/form-data'],
          response: { 201: FileInfo },
        },
        // Before the body: an anonymous caller gets 401, an oversize one 413 — nothing is read.
        onRequest: async (request) => {
          requireActor(request);
          const declared = Number(request.headers['content-length']);
          if (Number.isFinite(declared) && declared > settings.maxBytes + MULTIPART_OVERHEAD) {
            throw files.fileTooLarge(settings.maxBytes);
          }
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        if (!request.isMultipart()) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            'Send the file as multipart/form-data with one file part.',
          );
        }
        const owner = await files.uploadOwner(db, actor);
        const declared = Number(request.headers['content-length']);
        await files.assertQuota(
          db,
          deps,
          owner,
          Number.isFinite(declared) ? Math.max(0, declared - MULTIPART_OVERHEAD) : 0,
        );
        const part = await request
          .file({
            limits: {
              fileSize: settings.maxBytes,
              files: 1,
              fields: 10,
              parts: 11,
              fieldSize: 1024,
              headerPairs: 20,
            },
          })
          .catch((err: unknown) => {
            throw files.malformedUpload(err);
          });
        if (!part) {
          throw new AppError('VALIDATION_FAILED', 'body.file: no file part in the request', {
            details: [{ path: 'body.file', message: 'no file part in the request' }],
          });
        }
        const info = await files.storeUpload(db, deps, owner, {
          stream: part.file,
          filename: part.filename,
          mimetype: part.mimetype,
        });
        return reply.code(201).send(info);
      },
    );
  });

  app.get(
    '/api/v1/files/:id/info',
    {
      schema: {
        tags,
        summary: 'What a file is (name, detected type, size, image size)',
        params: FileParams,
        response: { 200: FileInfo },
      },
    },
    async (request) =>
      files.toFileInfo(await files.requireReadable(db, requireActor(request), request.params.id)),
  );

  app.get(
    '/api/v1/files/:id',
    {
      schema: {
        tags,
        summary:
          'The file: inline for images, audio and video (Range supported), otherwise as a download',
        params: FileParams,
        querystring: FileDownloadQuery,
      },
    },
    async (request, reply) => {
      const row = await files.requireReadable(db, requireActor(request), request.params.id);
      return sendStored(request, reply, deps, {
        key: row.storage_key,
        size: Number(row.size),
        mime: row.mime,
        name: row.name,
        etag: row.sha256,
        disposition: isInline(row.mime) && request.query.download !== '1' ? 'inline' : 'attachment',
      });
    },
  );

  app.get(
    '/api/v1/files/:id/thumbnail',
    {
      schema: {
        tags,
        summary: 'A WebP thumbnail of an image (at most 320 px a side)',
        params: FileParams,
      },
    },
    async (request, reply) => {
      const row = await files.requireReadable(db, requireActor(request), request.params.id);
      if (!row.thumbnail_key) throw notFound('The file has no thumbnail.');
      return sendStored(request, reply, deps, {
        key: row.thumbnail_key,
        size: Number(row.thumbnail_size ?? 0),
        mime: 'image/webp',
        name: `${row.name}.webp`,
        etag: `${row.sha256}-t`,
        disposition: 'inline',
      });
    },
  );

  app.delete(
    '/api/v1/files/:id',
    {
      schema: {
        tags,
        summary: 'Delete my upload before it is attached (to a message)',
        params: FileParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await files.discardUpload(db, deps, requireActor(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
