import { type Severity } from '@argus/contracts';
import { type Detector, type DetectorContext, type DetectorHit, type TextSegment } from '../../detector';
import { outputExfiltrationOptions, type OutputExfiltrationOptions } from './output-exfiltration.options';

export const OUTPUT_EXFILTRATION_DETECTOR_ID = 'output_exfiltration';

const MAX_SCAN_CHARACTERS = 262_144;
const MAX_HITS_PER_SEGMENT = 20;

type Reference = {
  kind: 'markdown_image' | 'markdown_link' | 'html';
  tag?: string;
  url: string;
  start: number;
  end: number;
  hidden: boolean;
};

// Bounded repeats only: a hostile answer costs a constant per position.
const MARKDOWN = /(!?)\[([^\]\n]{0,300})\]\(\s{0,4}<?([^\s)>]{1,4096})/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]{1,100}\]:\s{0,4}<?([^\s>]{1,4096})/gm;
const HTML = /<(img|a|iframe|script|link|source|video|audio|embed|object|form|image)\b([^<>]{0,2000})>/gi;
const HTML_URL =
  /\b(src|href|data|action|srcset|poster|xlink:href)\s{0,4}=\s{0,4}(?:"([^"]{1,4096})"|'([^']{1,4096})'|([^\s>]{1,4096}))/i;
const HIDDEN_STYLE =
  /\b(?:width|height)\s{0,4}=\s{0,4}["']?0+(?:px)?["'\s>]|display\s{0,2}:\s{0,2}none|visibility\s{0,2}:\s{0,2}hidden|opacity\s{0,2}:\s{0,2}0(?:\.0+)?\b/i;

/**
 * Links and images in model answers that send data to a third party (OWASP LLM05, ATLAS AML.T0086):
 * a markdown image is fetched by the chat client as soon as it renders, so a URL carrying data in its
 * query or path to a host outside the app's allowlist exfiltrates without a click. Also reports
 * `javascript:`/`data:` URIs (active content) and hidden links (empty text, zero-size or invisible HTML).
 */
export function createOutputExfiltrationDetector(): Detector {
  return {
    id: OUTPUT_EXFILTRATION_DETECTOR_ID,
    version: '1.0.0',
    description:
      'Markdown/HTML links and images in answers that carry data to unlisted hosts, active URIs, hidden links.',
    detectSegment(segment: TextSegment, context: DetectorContext): DetectorHit[] {
      const options = outputExfiltrationOptions(context.settings.options);
      if (!(options.fields as readonly string[]).includes(segment.location.field)) return [];
      const text =
        segment.text.length > MAX_SCAN_CHARACTERS ? segment.text.slice(0, MAX_SCAN_CHARACTERS) : segment.text;
      if (!text.includes('](') && !text.includes('<') && !text.includes(']:')) return [];
      const hits: DetectorHit[] = [];
      for (const reference of references(text)) {
        const hit = assess(reference, segment, options);
        if (hit !== undefined) hits.push(hit);
        if (hits.length >= MAX_HITS_PER_SEGMENT) break;
      }
      return hits;
    },
  };
}

function* references(text: string): Generator<Reference> {
  MARKDOWN.lastIndex = 0;
  for (let match = MARKDOWN.exec(text); match !== null; match = MARKDOWN.exec(text)) {
    const [, bang = '', label = '', url = ''] = match;
    const image = bang === '!';
    yield {
      kind: image ? 'markdown_image' : 'markdown_link',
      url,
      start: match.index,
      end: match.index + match[0].length,
      hidden: !image && label.trim().length === 0,
    };
  }
  REFERENCE_DEFINITION.lastIndex = 0;
  for (let match = REFERENCE_DEFINITION.exec(text); match !== null; match = REFERENCE_DEFINITION.exec(text)) {
    yield {
      kind: 'markdown_link',
      url: match[1] ?? '',
      start: match.index,
      end: match.index + match[0].length,
      hidden: false,
    };
  }
  if (!text.includes('<')) return;
  HTML.lastIndex = 0;
  for (let match = HTML.exec(text); match !== null; match = HTML.exec(text)) {
    const [, tag = '', attributes = ''] = match;
    const url = HTML_URL.exec(attributes);
    if (url === null) continue;
    const lowerTag = tag.toLowerCase();
    const closing =
      lowerTag === 'a' ? text.slice(match.index + match[0].length, match.index + match[0].length + 200) : '';
    const emptyAnchor = lowerTag === 'a' && /^\s{0,20}<\/a>/i.test(closing);
    yield {
      kind: 'html',
      tag: lowerTag,
      url: url[2] ?? url[3] ?? url[4] ?? '',
      start: match.index,
      end: match.index + match[0].length,
      hidden: HIDDEN_STYLE.test(attributes) || emptyAnchor,
    };
  }
}

type Verdict = { rule: string; severity: Severity; score: number; reason: string };

function assess(
  reference: Reference,
  segment: TextSegment,
  options: OutputExfiltrationOptions,
): DetectorHit | undefined {
  const verdict = judge(reference, options);
  if (verdict === undefined) return undefined;
  const host = hostOf(reference.url);
  const where = reference.tag !== undefined ? `<${reference.tag}>` : reference.kind.replace('_', ' ');
  return {
    rule_id: `${OUTPUT_EXFILTRATION_DETECTOR_ID}.${verdict.rule}`,
    category: 'output_exfiltration',
    severity: verdict.severity,
    score: verdict.score,
    confidence: 0.8,
    location: { ...segment.location, start: reference.start, end: reference.end },
    evidence: `${where} → ${redactUrl(reference.url)}`,
    message: `${where} in the ${segment.location.field} ${verdict.reason}${host !== undefined ? ` (host ${host})` : ''}.`,
    attributes: {
      kind: reference.kind,
      ...(host !== undefined ? { host } : {}),
      hidden: reference.hidden,
    },
  };
}

function judge(reference: Reference, options: OutputExfiltrationOptions): Verdict | undefined {
  const scheme = /^\s*([a-z][a-z0-9+.-]{0,20}):/i.exec(reference.url)?.[1]?.toLowerCase();
  if (scheme === 'javascript' || scheme === 'vbscript') {
    return {
      rule: 'script_uri',
      severity: 'high',
      score: 0.9,
      reason: `uses a ${scheme}: URI (active content)`,
    };
  }
  if (scheme === 'data') {
    const html = /^\s*data:(?:text\/html|image\/svg|application\/(?:x-)?javascript)/i.test(reference.url);
    if (html || reference.kind !== 'markdown_image') {
      return {
        rule: 'data_uri',
        severity: html ? 'high' : 'medium',
        score: html ? 0.85 : 0.6,
        reason: 'embeds a data: URI',
      };
    }
    return undefined;
  }
  if (scheme !== 'http' && scheme !== 'https' && !reference.url.startsWith('//')) return undefined;
  let url: URL;
  try {
    url = new URL(reference.url.startsWith('//') ? `https:${reference.url}` : reference.url);
  } catch {
    return undefined;
  }
  if (allowed(url.hostname, options.allowed_domains)) return undefined;
  const carried = carriesData(url, options);
  const autoFetched =
    reference.kind === 'markdown_image' ||
    ['img', 'iframe', 'script', 'source', 'video', 'audio', 'embed', 'object', 'image', 'link'].includes(
      reference.tag ?? '',
    );
  if (carried !== undefined && autoFetched) {
    return {
      rule: 'image_data',
      severity: 'critical',
      score: 0.95,
      reason: `loads a URL carrying data (${carried}) automatically, no click needed`,
    };
  }
  if (carried !== undefined) {
    return {
      rule: reference.hidden ? 'hidden_link_data' : 'link_data',
      severity: 'high',
      score: reference.hidden ? 0.9 : 0.75,
      reason: `links to a URL carrying data (${carried})${reference.hidden ? ' and hides it' : ''}`,
    };
  }
  if (reference.hidden) {
    return {
      rule: 'hidden_link',
      severity: 'medium',
      score: 0.6,
      reason: 'has a hidden link or zero-size element to an unlisted host',
    };
  }
  return undefined;
}

function allowed(hostname: string, domains: readonly string[]): boolean {
  const host = hostname.toLowerCase();
  return domains.some((domain) => {
    const lower = domain.toLowerCase();
    return host === lower || host.endsWith(`.${lower}`);
  });
}

/** Why the URL looks like it carries data, or undefined. */
function carriesData(url: URL, options: OutputExfiltrationOptions): string | undefined {
  let query = url.search.slice(1);
  try {
    query = decodeURIComponent(query.replace(/\+/g, ' '));
  } catch {
    // keep the raw query: malformed escapes are themselves suspicious, the length check still applies
  }
  if (/[^\s@]{1,64}@[^\s@]{1,255}\.[a-z]{2,}/i.test(query)) return 'an e-mail address in the query';
  if (/\d{8,}/.test(query.replace(/[\s-]/g, ''))) return 'a long number in the query';
  if (query.length >= options.min_query_characters) return `a ${query.length}-character query`;
  for (const part of url.pathname.split('/')) {
    if (part.length >= options.min_path_segment_characters && /[A-Za-z]/.test(part) && /\d/.test(part)) {
      return `a ${part.length}-character path segment`;
    }
  }
  const fragment = url.hash.slice(1);
  if (fragment.length >= options.min_query_characters * 2) return `a ${fragment.length}-character fragment`;
  return undefined;
}

function hostOf(value: string): string | undefined {
  try {
    return new URL(value.startsWith('//') ? `https:${value}` : value).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** Scheme, host and path shape only: the query is what leaks, so it is never shown. */
function redactUrl(value: string): string {
  const scheme = /^\s*([a-z][a-z0-9+.-]{0,20}):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return `${scheme ?? 'relative'}:[…${value.length} characters]`;
  try {
    const url = new URL(value);
    const path = url.pathname
      .split('/')
      .map((part) => (part.length > 16 ? `[…${part.length}]` : part))
      .join('/');
    const query = url.search.length > 0 ? `?[…${url.search.length - 1} characters]` : '';
    return `${url.protocol}//${url.host}${path}${query}`;
  } catch {
    return `[unparseable URL, ${value.length} characters]`;
  }
}
