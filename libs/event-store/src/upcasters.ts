/** Turns a stored event of an older schema version into the current shape. */
export type Upcaster = (data: unknown) => unknown;

/**
 * The one place old event shapes are mapped to new ones. Registered per (type, fromVersion); applied on
 * read, in version order, so stored history is never rewritten.
 */
export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Map<number, Upcaster>>();

  register(type: string, fromVersion: number, upcast: Upcaster): this {
    const byVersion = this.upcasters.get(type) ?? new Map<number, Upcaster>();
    byVersion.set(fromVersion, upcast);
    this.upcasters.set(type, byVersion);
    return this;
  }

  upcast(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    const byVersion = this.upcasters.get(type);
    let version = schemaVersion;
    let current = data;
    while (byVersion?.has(version)) {
      current = byVersion.get(version)!(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
