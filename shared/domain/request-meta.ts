/** Who asked, from where, when: what services need to stamp audit entries and records. */
export interface RequestMeta {
  requestId: string;
  now: Date;
  sourceIp: string | undefined;
  userAgent: string | undefined;
}
