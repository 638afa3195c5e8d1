// Attribute reflection for custom elements: a string property per attribute (`clientId` ⇄ `client-id`).

/** Defines on `element.prototype` a property per attribute; setting null removes the attribute. */
export function reflectAttributes(element: { prototype: HTMLElement }, attributes: readonly string[]): void {
  for (const attribute of attributes) {
    const property = attribute.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
    Object.defineProperty(element.prototype, property, {
      get(this: HTMLElement) {
        return this.getAttribute(attribute);
      },
      set(this: HTMLElement, value: string | null) {
        if (value === null || value === undefined) this.removeAttribute(attribute);
        else this.setAttribute(attribute, String(value));
      },
    });
  }
}
