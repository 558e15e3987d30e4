import type * as z from 'zod';
import type { ApiResponse, FileAnswer } from './responses.ts';

/**
 * What a route answers on success, declared beside its input schemas: per status, the zod schema
 * of the JSON body, a non-JSON media type, or `null` for no body (204). The OpenAPI document
 * describes it, and the handler's return type is derived from it.
 */

/** A text answer that is not JSON (the reference page and its assets): the media types it is sent as. */
export interface MediaAnswer {
  readonly media: readonly string[];
  readonly description: string;
}

export const mediaAnswer = (description: string, ...media: string[]): MediaAnswer => ({ media, description });

/**
 * A file to download (a CSV, a workbook): its bytes as one of these media types, with
 * `content-disposition: attachment` and a file name. The handler answers `fileAnswer(…)`.
 */
export interface FileDownload {
  readonly files: readonly string[];
  readonly description: string;
}

export const fileDownload = (description: string, ...files: string[]): FileDownload => ({ files, description });

export type SuccessStatus = 200 | 201 | 202 | 204;

export type AnswerBody = z.ZodType | MediaAnswer | FileDownload | null;

export type Answers = { readonly [S in SuccessStatus]?: AnswerBody };

type BodyOf<A> = A extends z.ZodType ? z.output<A> : A extends MediaAnswer ? string : A extends FileDownload ? FileAnswer : undefined;

/** The answers a handler may return for a declaration: one of its statuses, with that status's body. */
export type AnswerOf<A extends Answers> = { [S in keyof A & SuccessStatus]: ApiResponse<S, BodyOf<A[S]>> }[keyof A & SuccessStatus];

export const isMediaAnswer = (body: AnswerBody | undefined): body is MediaAnswer =>
  typeof body === 'object' && body !== null && 'media' in body;

export const isFileDownload = (body: AnswerBody | undefined): body is FileDownload =>
  typeof body === 'object' && body !== null && 'files' in body;
