import type { PropertyDeclaration } from 'lit';

/**
 * What to tell a developer whose framework wrote camelCase props into HTML as attributes: a server
 * renderer (React 19 in Next.js, Vue with `:idInstance`) writes `idInstance="…"`, the HTML parser
 * lowercases it to `idinstance`, and no property reads that. Undefined when there is none.
 */
export function camelCaseAttributesHint(host: Element, properties: ReadonlyMap<PropertyKey, PropertyDeclaration>): string | undefined {
  const fixes = [...properties].flatMap(([name, { attribute }]) => {
    const written = String(name).toLowerCase();
    return typeof attribute == 'string' && attribute != written && host.hasAttribute(written) ? [`${written} (write ${attribute})`] : [];
  });
  return fixes.length ? `<greenapi-qr> ignores attributes from camelCase props: ${fixes.join(', ')} (or set the property).` : undefined;
}
