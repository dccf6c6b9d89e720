// Multipart/form-data as the four PUTs take it: parsing (busboy, file parts byte for byte) and the `file` part
// each upload requires.

import type * as http from 'node:http';
import busboy from 'busboy';
import { HttpProblem, errorResponse, jsonReply, mediaType, problem, type RecordedPart, type RecordedRequest } from './wire';

/** Parses a multipart/form-data body; file parts keep their exact bytes. */
export function parseMultipart(headers: http.IncomingHttpHeaders, body: Buffer): Promise<RecordedPart[]> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers, limits: { fieldSize: Number.MAX_SAFE_INTEGER }, defParamCharset: 'utf8' });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const parts: RecordedPart[] = [];
    const pending: Promise<void>[] = [];
    bb.on('file', (name, stream, info) => {
      pending.push(new Promise((done, fail) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const part: RecordedPart = { name, data: Buffer.concat(chunks) };
          if (info.filename !== undefined) {
            part.filename = info.filename;
          }
          if (info.mimeType) {
            part.contentType = info.mimeType;
          }
          parts.push(part);
          done();
        });
        stream.on('error', fail);
      }));
    });
    bb.on('field', (name, value, info) => {
      parts.push({ name, contentType: info.mimeType, data: Buffer.from(value, 'utf8') });
    });
    bb.on('error', (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))));
    bb.on('close', () => {
      Promise.all(pending).then(() => resolve(parts), reject);
    });
    bb.end(body);
  });
}

/** A multipart body as the pipeline parsed it: its parts, or why it could not be parsed. */
export interface ParsedParts {
  parts: RecordedPart[] | undefined;
  error: string | undefined;
}

/**
 * The uploaded file of a PUT: the part named `file` (translations: or else any part with a filename).
 * 415 when the request is not multipart, 400 when the body is malformed or has no such part.
 */
export function requireFilePart(record: RecordedRequest, body: ParsedParts, anyFilePart: boolean): RecordedPart {
  const ct = mediaType(String(record.headers['content-type'] ?? ''));
  if (ct !== 'multipart/form-data') {
    throw new HttpProblem(jsonReply(415, errorResponse(415, `Content type '${ct || '(none)'}' not supported; use multipart/form-data with a part named "file".`)));
  }
  if (body.error !== undefined || !body.parts) {
    throw problem(400, `Malformed multipart body: ${body.error ?? 'no parts'}.`);
  }
  const file = body.parts.find((p) => p.name === 'file')
    ?? (anyFilePart ? body.parts.find((p) => p.filename !== undefined) : undefined);
  if (!file) {
    throw problem(400, 'Required request part \'file\' is not present.');
  }
  return file;
}
