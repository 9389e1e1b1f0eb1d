/**
 * The HTTP client of the UI: JSON in and out, the session cookie (httpOnly, sent by the browser),
 * the CSRF header on every non-GET request, and the API's error body turned into `ApiError`.
 */

export interface ErrorItem {
  code: string;
  message: string;
  messageEn?: string;
  path: string | null;
  index?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly path: string | null,
    readonly errors: ErrorItem[] = [],
  ) {
    super(messageEn);
    this.name = 'ApiError';
  }

  /** The message in the UI language. */
  text(lang: string): string {
    return lang.startsWith('en') ? this.messageEn : this.messageVi;
  }
}

let csrfToken = '';
export const setCsrfToken = (t: string) => {
  csrfToken = t;
};

type Listener = (e: ApiError) => void;
const listeners = new Set<Listener>();
/** Called for every 401 and `password_change_required` answer (session ended or must change password). */
export function onAuthProblem(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** `?a=1&b=2` without the empty values. */
export function queryString(q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

function toApiError(status: number, body: unknown): ApiError {
  const e = (body as { error?: Partial<ErrorItem> & { messageEn?: string } } | null)?.error;
  const errors = (body as { errors?: ErrorItem[] } | null)?.errors ?? [];
  if (e && typeof e.code === 'string') {
    return new ApiError(
      status,
      e.code,
      e.message ?? e.code,
      e.messageEn ?? e.message ?? e.code,
      e.path ?? null,
      errors,
    );
  }
  return new ApiError(
    status,
    `http_${status}`,
    `Máy chủ trả lời lỗi ${status}.`,
    `The server answered ${status}.`,
    null,
  );
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', 'Không kết nối được máy chủ.', 'Cannot reach the server.', null);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!res.ok) {
    const err = toApiError(res.status, parsed);
    if (
      (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') ||
      err.code === 'password_change_required'
    ) {
      for (const l of listeners) l(err);
    }
    throw err;
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, q?: Query) => request<T>('GET', path + queryString(q)),
  post: <T>(path: string, body?: unknown, q?: Query) => request<T>('POST', path + queryString(q), body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
};

/**
 * Downloads a file answer (DOCX, XLSX…) of `GET path` and saves it under the server's
 * content-disposition name (else `fallbackName`); an error answer throws ApiError like `request`.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (!res.ok) {
    const b = (await res.json().catch(() => null)) as {
      error?: { code: string; message: string; messageEn: string; path: string | null };
    } | null;
    throw new ApiError(
      res.status,
      b?.error?.code ?? `http_${res.status}`,
      b?.error?.message ?? `Máy chủ trả lời lỗi ${res.status}.`,
      b?.error?.messageEn ?? `The server answered ${res.status}.`,
      b?.error?.path ?? null,
    );
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
