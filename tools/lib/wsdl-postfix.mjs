// Post-generation fix for wsdl-tsclient 1.7.1 `--esm` output, so it compiles under
// strict + NodeNext + verbatimModuleSyntax (+ isolatedModules):
//
//   * wsdl-tsclient writes `import { Foo } from "./Foo.js"` and `export { Foo } from ...`
//     for things that are only interfaces. With verbatimModuleSyntax that is TS1484
//     ("must be imported using a type-only import") and, for re-exports under
//     isolatedModules, TS1205. Every such name becomes `import type` / `export type`
//     (or an inline `type` modifier when a declaration mixes types and values, e.g.
//     `export { createClientAsync, type FooClient } from "./client.js"`).
//   * Relative specifiers must end in `.js` under NodeNext; `--esm` already does that, and
//     the fix adds it if it is ever missing.
//
// Whether a name is a type is read from the generated file that exports it, not guessed.
// The only bare module wsdl-tsclient imports is "soap", whose names are listed below.
// Anything unexpected throws, so a wsdl-tsclient upgrade that changes its output shape
// fails loudly here instead of producing code that does not compile.
import path from 'node:path';

// `Client` is a class, but the generated code only uses it as `interface X extends
// SoapClient`, so importing it type-only is correct and keeps the value import minimal.
const SOAP_IMPORTS = { Client: 'type', IExOptions: 'type', createClientAsync: 'value' };

// ts-morph prints each import/export-from declaration like this (possibly wrapped).
const FROM_DECL = /^(import|export) \{([^}]*)\} from "([^"]+)";$/gm;

/** name → 'type' | 'value' for every top-level export of a generated file. */
function exportKinds(source) {
  const kinds = new Map();
  for (const m of source.matchAll(
    /^export (?:declare )?(interface|type|function|async function|const|let|var|class|enum) (\w+)/gm,
  )) {
    kinds.set(m[2], m[1] === 'interface' || m[1] === 'type' ? 'type' : 'value');
  }
  return kinds;
}

/**
 * @param {Map<string, string>} files  forward-slash path (relative to the client dir) → source
 * @returns {Map<string, string>} the same files, fixed
 */
export function fixWsdlTsclientOutput(files) {
  const kindsByFile = new Map([...files].map(([name, src]) => [name, exportKinds(src)]));
  const fixed = new Map();
  for (const [file, source] of files) {
    let matched = 0;
    const out = source.replace(FROM_DECL, (_decl, keyword, list, specifier) => {
      matched++;
      let spec = specifier;
      let kindOf;
      if (spec.startsWith('.')) {
        if (!spec.endsWith('.js')) spec += '.js';
        const target = path.posix.join(path.posix.dirname(file), spec).replace(/\.js$/, '.ts');
        const kinds = kindsByFile.get(target);
        if (!kinds) throw new Error(`${file}: "${specifier}" does not resolve to a generated file`);
        kindOf = (name) => kinds.get(name);
      } else if (spec === 'soap') {
        kindOf = (name) => SOAP_IMPORTS[name];
      } else {
        throw new Error(`${file}: unexpected import from "${spec}"; teach tools/lib/wsdl-postfix.mjs about it`);
      }
      const names = list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const kinds = names.map((n) => {
        const exported = n.split(/\s+as\s+/)[0];
        const kind = kindOf(exported);
        if (!kind) throw new Error(`${file}: cannot tell whether "${exported}" from "${spec}" is a type or a value`);
        return kind;
      });
      const allTypes = kinds.every((k) => k === 'type');
      const body = allTypes ? names : names.map((n, i) => (kinds[i] === 'type' ? `type ${n}` : n));
      return `${keyword}${allTypes ? ' type' : ''} { ${body.join(', ')} } from "${spec}";`;
    });
    // Every `from "..."` must have gone through the rewrite above.
    const declarations = (source.match(/^(?:import|export)\b[^;]*?\bfrom\s*["']/gm) ?? []).length;
    if (declarations !== matched) {
      throw new Error(`${file}: ${declarations - matched} import/export declaration(s) in an unexpected shape`);
    }
    if (/^import (?!type )[^{]/m.test(out) || /\brequire\(/.test(out)) {
      throw new Error(`${file}: unexpected default/namespace import or require()`);
    }
    fixed.set(file, out);
  }
  return fixed;
}
