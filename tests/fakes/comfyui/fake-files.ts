/** The fake's file routes: `GET /view` and `POST /upload/image`, confined to its folders. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, normalize } from 'node:path';
import { Readable } from 'node:stream';

/** A path inside the fake's input/output/temp folder, or null when it would leave it. */
export function safePath(options: {
  dir: string;
  type: string;
  subfolder: string;
  filename: string;
}): string | null {
  if (!['input', 'output', 'temp'].includes(options.type)) return null;
  const base = join(options.dir, options.type);
  const full = normalize(join(base, options.subfolder, options.filename));
  return full.startsWith(base) ? full : null;
}

/** `GET /view?filename&subfolder&type`: the bytes, or 404. */
export async function serveView(options: {
  dir: string;
  url: URL;
  res: ServerResponse;
}): Promise<void> {
  const { url, res } = options;
  const full = safePath({
    dir: options.dir,
    type: url.searchParams.get('type') ?? 'output',
    subfolder: url.searchParams.get('subfolder') ?? '',
    filename: url.searchParams.get('filename') ?? '',
  });
  const bytes = full === null ? null : await readFile(full).catch(() => null);
  if (bytes === null) {
    res.writeHead(404).end('404: Not Found');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
}

/** `POST /upload/image` (multipart: image, type, subfolder, overwrite) -> `{name, subfolder, type}`. */
export async function receiveUpload(options: {
  dir: string;
  req: IncomingMessage;
  res: ServerResponse;
}): Promise<void> {
  const { req, res } = options;
  const request = new Request('http://x/upload/image', {
    method: 'POST',
    headers: req.headers as Record<string, string>,
    body: Readable.toWeb(req) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const form = await request.formData();
  const image = form.get('image');
  if (!(image instanceof File)) {
    res.writeHead(400).end();
    return;
  }
  const subfolder = String(form.get('subfolder') ?? '');
  const full = safePath({
    dir: options.dir,
    type: String(form.get('type') ?? 'input'),
    subfolder,
    filename: image.name,
  });
  if (full === null) {
    res.writeHead(400).end();
    return;
  }
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, Buffer.from(await image.arrayBuffer()));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ name: image.name, subfolder, type: 'input' }));
}
