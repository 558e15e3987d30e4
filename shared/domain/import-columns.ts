/**
 * The columns of a customer spreadsheet, as people name them in Chinese or English, and how a row
 * of text becomes the body `POST /v1/customers` takes. The first name listed for a field is the
 * header exports write (`zh`), the key itself the English one; any listed name is read back.
 */
export const columnNames = {
  name: ['姓名', '名字', '客户名称', '客户姓名', '客户', 'full name', 'customer name'],
  type: ['类型', '客户类型', 'customer type'],
  gender: ['性别', 'sex'],
  birthday: ['生日', '出生日期', 'date of birth', 'dob', 'birth date'],
  phone: ['手机', '手机号', '手机号码', '电话', '联系电话', '移动电话', 'mobile', 'phone number', 'tel', 'telephone'],
  email: ['邮箱', '电子邮件', '电子邮箱', '邮件', 'e-mail', 'mail'],
  idNumber: ['身份证号', '身份证', '证件号', '证件号码', 'id number', 'id no'],
  country: ['国家', '国家地区'],
  province: ['省份', '省', '省市'],
  city: ['城市', '市'],
  district: ['区县', '区', '县'],
  address: ['地址', '详细地址', '街道地址', 'street', 'address line', 'line1'],
  postalCode: ['邮编', '邮政编码', 'postal code', 'postcode', 'zip', 'zip code'],
  company: ['公司', '单位', '公司名称', 'company name', 'organization'],
  title: ['职位', '职务', 'job title', 'position'],
  industry: ['行业', '所属行业'],
  tags: ['标签', '分类', 'tag', 'labels'],
  source: ['来源', '客户来源', 'channel'],
  consentSms: ['短信营销', '接受短信', '短信许可', 'sms consent', 'marketing sms', 'marketingsms'],
  consentEmail: ['邮件营销', '接受邮件', '邮件许可', 'email consent', 'marketing email', 'marketingemail'],
  externalIds: ['外部编号', '外部系统编号', 'external ids', 'external id'],
  notes: ['备注', '说明', 'note', 'remarks'],
} as const;
export type ImportField = keyof typeof columnNames;
export const importFields = Object.keys(columnNames) as ImportField[];

/** A header as compared: NFKC (full-width letters and colons become plain), lower case, no spaces, _, - or brackets. */
export const headerKey = (header: string): string =>
  header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-()（）[\]【】*]/g, '');

const aliasIndex = new Map<string, ImportField>(
  importFields.flatMap((field) => [field, ...columnNames[field]].map((name) => [headerKey(name), field] as [string, ImportField])),
);

/** A column holding one external system's ids: `externalIds.erp`, `外部编号:erp`, `ext:erp`. */
const externalColumn = /^(?:externalids?|外部编号|ext)[.:](?<system>[a-z0-9][a-z0-9_-]{0,31})$/;

export type ColumnTarget = { field: ImportField } | { externalSystem: string };

/** What a header names: a field, one external system's ids, or nothing this importer knows. */
export const targetOf = (header: string, mapping: Readonly<Record<string, string>> = {}): ColumnTarget | undefined => {
  const mapped = mapping[header] ?? mapping[header.trim()];
  const key = headerKey(mapped ?? header);
  const system = externalColumn.exec(key)?.groups?.system;
  if (system) return { externalSystem: system };
  const field = aliasIndex.get(key);
  return field ? { field } : undefined;
};

const dash = (...parts: string[]) => parts.join('-');
const two = (value: string) => value.padStart(2, '0');

/** 1990-03-15, 1990/3/15, 1990.3.15, 1990年3月15日, 19900315 → 1990-03-15; anything else stays as typed (and fails validation). */
export const normalizeDate = (text: string): string => {
  const value = text.trim();
  const separated = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(value);
  if (separated) return dash(separated[1]!, two(separated[2]!), two(separated[3]!));
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (compact) return dash(compact[1]!, compact[2]!, compact[3]!);
  return value.replace(/T00:00:00(\.000)?Z$/, '');
};

const choices = <T extends string>(table: Record<string, T>) => (text: string): T | string => table[headerKey(text)] ?? text.trim();

const genderOf = choices({ 男: 'male', 男性: 'male', m: 'male', male: 'male', 女: 'female', 女性: 'female', f: 'female', female: 'female', 其他: 'other', other: 'other', 未知: 'unknown', unknown: 'unknown' });
const typeOf = choices({ 个人: 'individual', individual: 'individual', person: 'individual', 企业: 'business', 公司: 'business', business: 'business', company: 'business' });

const truths = new Set(['是', '对', '同意', 'y', 'yes', 'true', '1', '✓', '√']);
const falsehoods = new Set(['否', '不', '不同意', 'n', 'no', 'false', '0', '✗', '×']);
/** 是/否, yes/no, true/false, 1/0; anything else is kept as typed so validation names it. */
const flagOf = (text: string): boolean | string => (truths.has(headerKey(text)) ? true : falsehoods.has(headerKey(text)) ? false : text.trim());

/** Tags separated by commas, semicolons, 、 or |, in either width; repeats dropped. */
export const tagsOf = (text: string): string[] => [...new Set(text.split(/[,，;；、|]/).map((tag) => tag.trim()).filter(Boolean))];

/** `erp:123; pos:9` → {erp: '123', pos: '9'}; an entry without a system is kept under '' so validation names it. */
export const externalIdsOf = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split(/[;；,，\n]/)
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => {
        const colon = entry.search(/[:：]/);
        return colon < 0 ? ['', entry] : [entry.slice(0, colon).trim(), entry.slice(colon + 1).trim()];
      }),
  );

/** Exports put an apostrophe before a cell Excel would run as a formula; it is not part of the value. */
export const cellValueOf = (cell: string): string => {
  const trimmed = cell.trim();
  return /^'[=+\-@\t\r]/.test(trimmed) ? trimmed.slice(1) : trimmed;
};

const setIn = (target: Record<string, unknown>, path: string[], value: unknown): void => {
  const [head, ...rest] = path;
  if (!head) return;
  if (rest.length === 0) target[head] = value;
  else setIn((target[head] ??= {}) as Record<string, unknown>, rest, value);
};

/** Where each field goes in the customer body, and how its text is read. */
const placement: Record<ImportField, { path: string[]; read?: (text: string) => unknown }> = {
  name: { path: ['name'] },
  type: { path: ['type'], read: typeOf },
  gender: { path: ['gender'], read: genderOf },
  birthday: { path: ['birthday'], read: normalizeDate },
  phone: { path: ['phone'] },
  email: { path: ['email'] },
  idNumber: { path: ['idNumber'] },
  country: { path: ['address', 'country'], read: (text) => text.toUpperCase() },
  province: { path: ['address', 'province'] },
  city: { path: ['address', 'city'] },
  district: { path: ['address', 'district'] },
  address: { path: ['address', 'line1'] },
  postalCode: { path: ['address', 'postalCode'] },
  company: { path: ['company', 'name'] },
  title: { path: ['company', 'title'] },
  industry: { path: ['company', 'industry'] },
  tags: { path: ['tags'], read: tagsOf },
  source: { path: ['source'] },
  consentSms: { path: ['consent', 'marketingSms'], read: flagOf },
  consentEmail: { path: ['consent', 'marketingEmail'], read: flagOf },
  externalIds: { path: ['externalIds'], read: externalIdsOf },
  notes: { path: ['preferences', 'notes'] },
};

/** The body path of each field, to name the column a validation issue is about. */
export const bodyPathOf = (field: ImportField): string => placement[field].path.join('.');

/**
 * The body of `POST /v1/customers` a row describes: only its non-empty cells, each read as its
 * column says (dates, 男/女, 是/否, tag lists). Validation is left to the customer schema itself.
 */
export const customerDraftOf = (cells: ReadonlyMap<ColumnTarget, string>): Record<string, unknown> => {
  const draft: Record<string, unknown> = {};
  for (const [target, cell] of cells) {
    const text = cellValueOf(cell);
    if (text === '') continue;
    if ('externalSystem' in target) {
      setIn(draft, ['externalIds', target.externalSystem], text);
      continue;
    }
    const { path, read } = placement[target.field];
    const value = read ? read(text) : text;
    if (target.field === 'externalIds') draft.externalIds = { ...(draft.externalIds as object), ...(value as object) };
    else setIn(draft, path, value);
  }
  return draft;
};

/** A new customer's body: consent is given per channel, so a row naming one flag leaves the other off. */
export const creationBodyOf = (draft: Record<string, unknown>): Record<string, unknown> =>
  draft.consent ? { ...draft, consent: { marketingSms: false, marketingEmail: false, ...(draft.consent as object) } } : draft;
