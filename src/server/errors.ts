/**
 * Maps every error to the API error body `{ error: { code, message, messageEn, path } }`.
 * User input never yields a 5xx: validation, body parsing, size, media type, rate limit and routing errors
 * all become 4xx with a machine-readable code; only real faults are 500 (logged, with no detail leaked).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorItem } from '../kernel/errors.ts';
import { CalendarInputError } from '../kernel/calendar/errors.ts';

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

const VI_BY_KEYWORD: Record<string, [string, string]> = {
  invalid_type: ['Thiếu hoặc sai kiểu dữ liệu', 'Missing or wrong type'],
  too_small: ['Giá trị quá nhỏ hoặc quá ngắn', 'Value too small or too short'],
  too_big: ['Giá trị quá lớn hoặc quá dài', 'Value too large or too long'],
  invalid_format: ['Sai định dạng', 'Invalid format'],
  invalid_value: ['Giá trị không nằm trong danh sách cho phép', 'Value not allowed'],
  unrecognized_keys: ['Có trường không được phép', 'Unknown field'],
  invalid_union: ['Giá trị không hợp lệ', 'Invalid value'],
  not_multiple_of: ['Giá trị không hợp lệ', 'Invalid value'],
};

/** Custom zod messages are written "Vietnamese | English". */
function splitMessage(msg: string | undefined): [string, string] | null {
  if (!msg || !msg.includes(' | ')) return null;
  const [vi, en] = msg.split(' | ');
  return [vi!, en!];
}

function issueToItem(issue: ValidationIssue, context: string | undefined): ErrorItem {
  const segs = issue.instancePath.split('/').filter(Boolean);
  let path = segs.join('.');
  const keys = issue.params?.keys;
  if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys) && keys.length) {
    path = [...segs, String(keys[0])].join('.');
  }
  if (!path) path = context ?? '';
  const custom = splitMessage(issue.message);
  const [vi, en] = custom ?? VI_BY_KEYWORD[issue.keyword] ?? ['Giá trị không hợp lệ', 'Invalid value'];
  return {
    code: issue.keyword === 'custom' ? 'invalid_value' : issue.keyword,
    message: `${vi}: ${path}`,
    messageEn: custom ? `${en}: ${path}` : `${en}: ${path}${issue.message ? ` (${issue.message})` : ''}`,
    path,
  };
}

export function validationError(issues: ValidationIssue[], context?: string): AppError {
  const items = issues.map((i) => issueToItem(i, context));
  const first = items[0]!;
  return new AppError(
    400,
    'validation_error',
    first.message,
    first.messageEn ?? first.message,
    first.path,
    items,
  );
}

const STATUS_CODES: Record<number, [string, string, string]> = {
  400: ['bad_request', 'Yêu cầu không hợp lệ.', 'Bad request.'],
  401: ['unauthenticated', 'Bạn cần đăng nhập.', 'Authentication required.'],
  403: ['forbidden', 'Bạn không có quyền thực hiện thao tác này.', 'Forbidden.'],
  404: ['not_found', 'Không tìm thấy.', 'Not found.'],
  405: ['method_not_allowed', 'Phương thức không được hỗ trợ.', 'Method not allowed.'],
  406: ['not_acceptable', 'Không thể trả về định dạng yêu cầu.', 'Not acceptable.'],
  408: ['request_timeout', 'Hết thời gian chờ yêu cầu.', 'Request timeout.'],
  409: ['conflict', 'Xung đột dữ liệu.', 'Conflict.'],
  411: ['length_required', 'Thiếu độ dài nội dung.', 'Length required.'],
  413: ['payload_too_large', 'Dữ liệu gửi lên quá lớn.', 'Payload too large.'],
  414: ['uri_too_long', 'Địa chỉ quá dài.', 'URI too long.'],
  415: ['unsupported_media_type', 'Kiểu nội dung không được hỗ trợ.', 'Unsupported media type.'],
  422: ['unprocessable', 'Dữ liệu không xử lý được.', 'Unprocessable entity.'],
  429: [
    'too_many_requests',
    'Quá nhiều yêu cầu, vui lòng thử lại sau.',
    'Too many requests, try again later.',
  ],
  431: ['headers_too_large', 'Tiêu đề yêu cầu quá lớn.', 'Request headers too large.'],
};

export function statusError(status: number, path: string | null = null): AppError {
  const [code, vi, en] = STATUS_CODES[status] ?? STATUS_CODES[400]!;
  return new AppError(status, code, vi, en, path);
}

export function errorHandler(app: FastifyInstance) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    let e: AppError;
    if (err instanceof AppError) e = err;
    else if (err instanceof CalendarInputError) {
      e = new AppError(400, err.code.toLowerCase(), err.message, err.messageEn, err.field);
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      e = validationError(err.validation as unknown as ValidationIssue[], err.validationContext);
    } else if (err.validation) {
      e = validationError(err.validation as unknown as ValidationIssue[], err.validationContext);
    } else if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) {
      e = new AppError(
        400,
        'invalid_json',
        'Nội dung JSON không hợp lệ.',
        'The body is not valid JSON.',
        'body',
      );
    } else if (
      (err as { code?: string }).code === '23505' ||
      (err.cause as { code?: string } | undefined)?.code === '23505'
    ) {
      // a unique key taken by a concurrent request (PostgreSQL serialises only at commit)
      e = new AppError(
        409,
        'conflict',
        'Dữ liệu vừa được tạo bởi một yêu cầu khác; vui lòng thử lại.',
        'The same record was just created by another request; try again.',
        null,
      );
    } else if (
      ['40P01', '40001'].includes((err as { code?: string }).code ?? '') ||
      ['40P01', '40001'].includes((err.cause as { code?: string } | undefined)?.code ?? '')
    ) {
      // a deadlock or serialisation failure between concurrent writers: nothing was written, try again
      e = new AppError(
        409,
        'concurrent_update',
        'Một yêu cầu khác đang ghi cùng dữ liệu; không có gì được ghi, vui lòng thử lại.',
        'Another request was writing the same data; nothing was written, try again.',
        null,
      );
    } else if (
      /Boundary not found|Part terminated early|Unexpected end of (form|multipart)|Malformed part header/i.test(
        err.message ?? '',
      ) ||
      // a multipart body cut before its closing boundary (busboy's stream ends early)
      (req.isMultipart?.() &&
        ((err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE' ||
          /Premature close/i.test(err.message ?? '')))
    ) {
      e = new AppError(
        400,
        'invalid_multipart',
        'Dữ liệu multipart không hợp lệ.',
        'Malformed multipart body.',
        'body',
      );
    } else if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      e = new AppError(400, 'empty_body', 'Thiếu nội dung yêu cầu.', 'The request body is empty.', 'body');
    } else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      e = statusError(err.statusCode);
      if (err.statusCode === 429) reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
    } else {
      req.log.error({ err: loggableError(err) }, 'unhandled error');
      return reply.code(500).send({
        error: {
          code: 'internal_error',
          message: 'Lỗi hệ thống.',
          messageEn: 'Internal error.',
          path: null,
        },
      });
    }
    void app;
    return reply.code(e.status).send(e.toBody());
  };
}

/**
 * What the log may keep of an unexpected error: never the SQL parameters (a failed query's message carries
 * them, and they can hold personal data — a denouncer's identity must not reach the logs, Luật Tố cáo 2018
 * Art 8 cl.3) nor the database's `detail` (it quotes key values). Kept: the error type, the SQL text, the
 * database's error code, constraint and message, and the stack trace.
 */
export function loggableError(err: unknown): Record<string, unknown> {
  const e = err as {
    name?: string;
    message?: string;
    stack?: string;
    query?: string;
    params?: unknown;
    cause?: { code?: string; constraint?: string; message?: string; name?: string };
  };
  if (e && typeof e === 'object' && 'query' in e && 'params' in e) {
    const cause = e.cause ?? {};
    return {
      type: e.name ?? 'Error',
      query: e.query,
      dbCode: cause.code,
      constraint: cause.constraint,
      // values the database quotes ("invalid input syntax for type uuid: \"…\"") are dropped
      dbMessage: cause.message?.replace(/"[^"]*"/g, '"…"'),
      stack: (e.stack ?? '')
        .split('\n')
        .filter((l) => l.startsWith('    at '))
        .join('\n'),
    };
  }
  return { type: e?.name ?? 'Error', message: e?.message, stack: e?.stack };
}
