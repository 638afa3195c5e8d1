// Attribute reflection for custom elements: a property per attribute (`clientId` ⇄ `client-id`).

/**
 * Defines on `element.prototype` a property per attribute. Reading gives `typed(element)[property]` when
 * `typed` has that property (a parsed value with its default, never null), else the attribute; setting
 * null, undefined or false removes the attribute, true sets it empty (a boolean attribute), anything else
 * sets it as a string.
 */
export function reflectAttributes(
  element: { prototype: HTMLElement },
  attributes: readonly string[],
  typed: (element: HTMLElement) => object,
): void {
  for (const attribute of attributes) {
    const property = attribute.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
    Object.defineProperty(element.prototype, property, {
      get(this: HTMLElement) {
        const values = typed(this) as Record<string, unknown>;
        return property in values ? values[property] : this.getAttribute(attribute);
      },
      set(this: HTMLElement, value: unknown) {
        if (value == null || value === false) this.removeAttribute(attribute);
        else this.setAttribute(attribute, value === true ? '' : (value as string)); // the DOM makes it a string
      },
    });
  }
}
