import { readFileSync } from 'node:fs';
import { UnexpectedResponseError } from '@jobwire/core';
import { describe, expect, it } from 'vitest';
import { escapeXml, parseXml } from '../src/index.js';

const ctx = { vendor: 'aspera-orchestrator', operation: 'getWorkStepStatus' } as const;

function failure(text: string, options: Partial<Parameters<typeof parseXml>[1]> = {}): UnexpectedResponseError {
  try {
    parseXml(text, { ...ctx, ...options });
  } catch (error) {
    if (error instanceof UnexpectedResponseError) return error;
    throw error;
  }
  throw new Error('expected parseXml to fail');
}

describe('parseXml', () => {
  it('keeps attributes, text, CDATA and turns nil="true" into null', () => {
    const doc = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>
      <work-step id="7"><statusDetails nil="true"/><count type="integer">5</count>
      <output><![CDATA[ {"a": "<b>"} ]]></output><ended xsi:nil="true"></ended><name>a &amp; b &lt;c&gt; &#65;&#x42;</name></work-step>`,
      ctx,
    );
    expect(doc).toEqual({
      'work-step': {
        '@id': '7',
        statusDetails: null,
        count: { '@type': 'integer', '#text': '5' },
        output: ' {"a": "<b>"} ',
        ended: null,
        name: 'a & b <c> AB',
      },
    });
  });

  it('does not double-decode entities', () => {
    expect(parseXml('<a>&amp;lt;</a>', ctx)).toEqual({ a: '&lt;' });
  });

  it('removes namespace prefixes when asked (SOAP)', () => {
    const doc = parseXml(
      '<env:Envelope xmlns:env="e"><env:Body><ns:Status xmlns:ns="n">DONE</ns:Status></env:Body></env:Envelope>',
      {
        ...ctx,
        removeNamespacePrefixes: true,
      },
    );
    expect(doc).toEqual({ Envelope: { Body: { Status: 'DONE' } } });
  });

  it('makes listed paths arrays even with one child', () => {
    const doc = parseXml('<list><item>a</item></list>', { ...ctx, arrayPaths: ['list.item'] });
    expect(doc).toEqual({ list: { item: ['a'] } });
  });

  it('rejects billion laughs before expanding anything', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>`;
    const error = failure(lol);
    expect(error.message).toBe('aspera-orchestrator getWorkStepStatus: XML with a DOCTYPE or entity declaration refused');
    expect(error.excerpt).not.toContain('lollollol');
  });

  it('rejects external entities', () => {
    const error = failure('<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>');
    expect(error.message).toContain('DOCTYPE');
  });

  it('leaves an undeclared entity undecoded rather than resolving it', () => {
    expect(parseXml('<x>&xxe;</x>', ctx)).toEqual({ x: '&xxe;' });
  });

  it('rejects truncated, malformed and empty documents', () => {
    expect(failure('<a><b>text</b>').message).toMatch(/malformed XML/);
    expect(failure('<a><b></a>').message).toMatch(/malformed XML/);
    expect(failure('{"json": true}').message).toMatch(/malformed XML/);
    expect(failure('').message).toMatch(/malformed XML|empty/);
  });

  it('refuses documents over the size limit', () => {
    const error = failure(`<a>${'x'.repeat(2000)}</a>`, { maxBytes: 1000 });
    expect(error.message).toBe('aspera-orchestrator getWorkStepStatus: XML body larger than 1000 bytes refused');
  });

  it('redacts before cutting the excerpt, so a secret across the cut is not half shown', () => {
    const secret = 'TOPSECRET-VALUE-0123456789';
    const text = `<a>${'x'.repeat(190)}${secret}`;
    const error = failure(text, { redact: (s) => s.split(secret).join('***') });
    expect(error.excerpt).toBe(`<a>${'x'.repeat(190)}***`);
    expect(error.excerpt).not.toContain('TOPSECRET');
  });

  it('redacts the excerpt it puts in the error', () => {
    const error = failure('<login><password>hunter2</password>', { redact: (s) => s.replace('hunter2', '***') });
    expect(error.excerpt).toBe('<login><password>***</password>');
  });
});

describe('escapeXml', () => {
  it('escapes the five special characters', () => {
    expect(escapeXml(`a<b>&"c"'d' ]]>`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos; ]]&gt;');
  });
});

describe('@jobwire/core no longer carries the XML parser', () => {
  it('its root does not export parseXml, its manifest has no ./xml export and no fast-xml-parser', async () => {
    const core = await import('@jobwire/core');
    expect('parseXml' in core).toBe(false);
    expect('escapeXml' in core).toBe(false);
    const manifest = JSON.parse(readFileSync(new URL('../../core/package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, unknown>;
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(manifest.exports)).not.toContain('./xml');
    expect(manifest.dependencies?.['fast-xml-parser']).toBeUndefined();
  });
});

describe('parseXml entities and parser reuse', () => {
  const ctx = { vendor: 'nagra-apubi' as const, operation: 'test' };

  it('decodes character references and the five XML entities, not HTML names', () => {
    expect(parseXml('<a>&#83;&#x55;&lt;&gt;&amp;&quot;&apos;</a>', ctx).a).toBe('SU<>&"\'');
    expect(parseXml('<a>x&nbsp;y</a>', ctx).a).toBe('x&nbsp;y');
  });

  it('keeps option sets apart when parsers are reused', () => {
    const asArray = parseXml('<r><i>1</i></r>', { ...ctx, arrayPaths: ['r.i'] });
    const plain = parseXml('<r><i>1</i></r>', ctx);
    const stripped = parseXml('<s:r xmlns:s="u"><s:i>1</s:i></s:r>', { ...ctx, removeNamespacePrefixes: true });
    expect(asArray.r).toEqual({ i: ['1'] });
    expect(plain.r).toEqual({ i: '1' });
    expect((stripped.r as { i: string }).i).toBe('1');
    expect(parseXml('<r><i>1</i></r>', { ...ctx, arrayPaths: ['r.i'] }).r).toEqual({ i: ['1'] });
  });

  it('keeps leading and trailing white space only when asked (xs:string keeps it)', () => {
    const text = '<r><v>  two  spaces\n</v><w><![CDATA[ cdata ]]></w></r>';
    expect(parseXml(text, ctx).r).toEqual({ v: 'two  spaces', w: ' cdata ' }); // CDATA is never trimmed
    const kept = parseXml(text, { ...ctx, preserveWhitespace: true }).r as Record<string, unknown>;
    expect(kept.v).toBe('  two  spaces\n');
    expect(kept.w).toBe(' cdata ');
  });

  it('still turns nil elements into null', () => {
    expect(parseXml('<r><v xsi:nil="true" xmlns:xsi="x"/><w>1</w></r>', ctx).r).toEqual({ v: null, w: '1' });
  });
});
