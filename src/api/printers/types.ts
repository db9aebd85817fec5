// The shapes of server-side printing (meta.k8s.io Table): column definitions and one row's
// cells, computed from an object by a pure function.

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface TableColumnDefinition {
  readonly name: string;
  readonly type: ColumnType;
  readonly format: string;
  readonly description: string;
  /** 0: always shown; 1 and above: only with `-o wide`. */
  readonly priority: number;
}

export type Cell = string | number | boolean | null;

export interface RowCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

export interface PrintedRow {
  readonly cells: Cell[];
  readonly conditions?: readonly RowCondition[];
}

/** Columns and a row function for one kind; `now` is the clock in milliseconds since the epoch. */
export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  row(obj: Record<string, any>, now: number): PrintedRow;
}
