/**
 * The string formats a CRD schema may check (apiextensions' supported formats over
 * kube-openapi's strfmt registry). Any other format, int32 and int64 included, is kept in the
 * schema but not checked, as on Kubernetes.
 */
import { isIP, isIPv4, isIPv6 } from 'node:net';

const re = (source: string, flags = '') => {
  const rx = new RegExp(source, flags);
  return (s: string) => rx.test(s);
};

const HOSTNAME = re(
  '^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z0-9\\p{S}\\p{L}])(-?[a-zA-Z0-9\\p{S}\\p{L}]){1,62})$',
  'u',
);

function isHostname(s: string): boolean {
  return HOSTNAME(s) && s.length <= 255 && s.split('.').every((p) => p.length <= 63);
}

/** time.Parse("2006-01-02"): a real calendar day. */
function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** strfmt.IsDateTime: a date, "t" (any case), then hh:mm:ss[.frac] and z or an offset. */
function isDateTime(s: string): boolean {
  if (s.length < 4) return false;
  const parts = s.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0])) return false;
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/.exec(parts[1]);
  return !!m && m[1] <= '23' && m[2] <= '59' && m[3] <= '59';
}

const GO_DURATION = re('^[-+]?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+$');
const UNITS = [
  ['ns', 'nano'],
  ['us', 'µs', 'micro'],
  ['ms', 'milli'],
  ['s', 'sec'],
  ['m', 'min'],
  ['h', 'hr', 'hour'],
  ['d', 'day'],
  ['w', 'wk', 'week'],
];

/** time.ParseDuration, or strfmt's "3 days 4 hours" spelling. */
function isDuration(s: string): boolean {
  if (s === '0' || GO_DURATION(s)) return true;
  if (!/^\s*(?:\d+\s*[A-Za-zµ]+\s*)+$/.test(s)) return false;
  return [...s.matchAll(/(\d+)\s*([A-Za-zµ]+)/g)].some(([, , unit]) => {
    const u = unit.toLowerCase();
    return UNITS.some((v) => v.some((name, i) => (i === v.length - 1 && u.startsWith(name)) || name === u));
  });
}

function isCidr(s: string): boolean {
  const [ip, bits, ...rest] = s.split('/');
  if (rest.length || bits === undefined || !/^\d+$/.test(bits)) return false;
  const v = isIP(ip);
  return v !== 0 && Number(bits) <= (v === 4 ? 32 : 128);
}

const MAC = re(
  '^(([0-9A-Fa-f]{2}[:-]){5}|([0-9A-Fa-f]{2}[:-]){7}|([0-9A-Fa-f]{2}[:-]){19})[0-9A-Fa-f]{2}$|^(([0-9A-Fa-f]{4}\\.){2}|([0-9A-Fa-f]{4}\\.){3}|([0-9A-Fa-f]{4}\\.){9})[0-9A-Fa-f]{4}$',
);

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const CREDIT_CARD = re(
  '^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\\d{3})\\d{11}|6[27][0-9]{14})$',
);

function isCreditCard(s: string): boolean {
  const digits = s.replace(/[^0-9]+/g, '');
  return CREDIT_CARD(digits) && luhn(digits);
}

function isbn10(s: string): boolean {
  const v = s.replace(/[\s-]/g, '');
  if (!/^\d{9}[\dX]$/.test(v)) return false;
  const sum = [...v].reduce((acc, ch, i) => acc + (i + 1) * (ch === 'X' ? 10 : Number(ch)), 0);
  return sum % 11 === 0;
}

function isbn13(s: string): boolean {
  const v = s.replace(/[\s-]/g, '');
  if (!/^\d{13}$/.test(v)) return false;
  const sum = [...v.slice(0, 12)].reduce((acc, ch, i) => acc + Number(ch) * (i % 2 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === Number(v[12]);
}

const RGB_PART = '\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*';
const UUID = '[0-9a-f]{8}-?[0-9a-f]{4}-?';

/** Format name (Kubernetes drops '-' when it looks one up) to its check. */
const FORMATS: Record<string, (s: string) => boolean> = {
  bsonobjectid: re('^[0-9a-fA-F]{24}$'),
  uri: (s) => s.startsWith('/') || /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(s),
  email: (s) => /^[^\s@<>]+@[^\s@<>]+$/.test(s) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(s),
  hostname: isHostname,
  ipv4: (s) => isIPv4(s),
  ipv6: (s) => isIPv6(s),
  cidr: isCidr,
  mac: MAC,
  uuid: re(`^${UUID}[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$`, 'i'),
  uuid3: re(`^${UUID}3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$`, 'i'),
  uuid4: re(`^${UUID}4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$`, 'i'),
  uuid5: re(`^${UUID}5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$`, 'i'),
  isbn: (s) => isbn10(s) || isbn13(s),
  isbn10,
  isbn13,
  creditcard: isCreditCard,
  ssn: re('^\\d{3}[- ]?\\d{2}[- ]?\\d{4}$'),
  hexcolor: re('^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$'),
  rgbcolor: re(`^rgb\\(${RGB_PART},${RGB_PART},${RGB_PART}\\)$`),
  byte: re('^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$'),
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
};

/** The check for a schema's format, or undefined when Kubernetes does not check that format. */
export function formatCheck(format: string | undefined): ((s: string) => boolean) | undefined {
  return format ? FORMATS[format.replaceAll('-', '')] : undefined;
}
