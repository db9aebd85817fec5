// A set of field paths as a tree (upstream: fieldpath.Set): `members` are paths that end here,
// `children` the subtrees below an element. Operations never change their operands: they return
// a new set, or an operand when the result equals it (insert is only for building a new set).
import { comparePE, type Path, type PathElement } from './path-element.js';

export class FieldSet {
  private readonly members = new Set<PathElement>();
  private readonly children = new Map<PathElement, FieldSet>();

  static of(paths: Iterable<Path>): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: Path): void {
    if (path.length === 0) return;
    let cur = this.childOrSelf(path, 0);
    for (let i = 1; i < path.length - 1; i++) cur = cur.childOrCreate(path[i]!);
    cur.members.add(path[path.length - 1]!);
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    if (path.length === 1) return this.members.has(path[0]!);
    return !!this.children.get(path[0]!)?.has(path.slice(1));
  }

  hasMember(pe: PathElement): boolean {
    return this.members.has(pe);
  }

  /** The subtree below `pe` (empty when there is none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(pe) ?? EMPTY;
  }

  isEmpty(): boolean {
    if (this.members.size) return false;
    if (this.children.size === 0) return true;
    for (const c of this.children.values()) if (!c.isEmpty()) return false;
    return true;
  }

  union(o: FieldSet): FieldSet {
    // Sets are not changed once built, so an operand can stand for the result.
    if (o.isEmpty()) return this;
    if (this.isEmpty()) return o;
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const m of o.members) out.members.add(m);
    for (const pe of new Set([...this.children.keys(), ...o.children.keys()])) {
      const c = (this.children.get(pe) ?? EMPTY).union(o.children.get(pe) ?? EMPTY);
      if (!c.isEmpty()) out.children.set(pe, c);
    }
    return out;
  }

  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (o.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const oc = o.children.get(pe);
      if (!oc) continue;
      const i = c.intersection(oc);
      if (!i.isEmpty()) out.children.set(pe, i);
    }
    return out;
  }

  /** Members of `o` removed; subtrees are compared element by element. */
  difference(o: FieldSet): FieldSet {
    if (o.isEmpty() || this.isEmpty()) return this;
    const out = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const d = c.difference(o.children.get(pe) ?? EMPTY);
      if (!d.isEmpty()) out.children.set(pe, d);
    }
    return out;
  }

  /** Like difference, but a member of `o` also removes everything below it. */
  recursiveDifference(o: FieldSet): FieldSet {
    if (o.isEmpty() || this.isEmpty()) return this;
    const out = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      if (o.members.has(pe)) continue;
      const d = c.recursiveDifference(o.children.get(pe) ?? EMPTY);
      if (!d.isEmpty()) out.children.set(pe, d);
    }
    return out;
  }

  equals(o: FieldSet): boolean {
    return this.difference(o).isEmpty() && o.difference(this).isEmpty();
  }

  /** Every member path, in upstream's order (members of a node before its subtrees). */
  paths(prefix: Path = []): PathElement[][] {
    const out: PathElement[][] = [];
    for (const m of [...this.members].sort(comparePE)) out.push([...prefix, m]);
    for (const pe of [...this.children.keys()].sort(comparePE)) out.push(...this.children.get(pe)!.paths([...prefix, pe]));
    return out;
  }

  /** The elements at this level: members and subtrees, sorted, with what each is. */
  entries(): Array<{ pe: PathElement; member: boolean; child: FieldSet | undefined }> {
    const pes = [...new Set([...this.members, ...this.children.keys()])].sort(comparePE);
    return pes.map((pe) => {
      const c = this.children.get(pe);
      return { pe, member: this.members.has(pe), child: c && !c.isEmpty() ? c : undefined };
    });
  }

  /** The node that holds the last element of `path` when it has one element, else the first child. */
  private childOrSelf(path: Path, at: number): FieldSet {
    return path.length - 1 > at ? this.childOrCreate(path[at]!) : this;
  }

  private childOrCreate(pe: PathElement): FieldSet {
    let c = this.children.get(pe);
    if (!c) {
      c = new FieldSet();
      this.children.set(pe, c);
    }
    return c;
  }
}

const EMPTY = new FieldSet();
