package dev.nn4j.api;

/**
 * The rows of a parameter table that one training step's gradient touched: a layer whose
 * gradient is zero outside a few rows (an {@code embedding}, which only sees the ids of a batch)
 * records them here, so that an optimizer that {@linkplain
 * dev.nn4j.api.spi.Optimizer#supportsSparseRows() supports sparse rows} updates only those rows
 * and leaves every other value, and its state, bit-for-bit unchanged.
 *
 * <p>The parameter's values are {@link #rowCount()} rows of {@link #rowLength()} values each,
 * row-major: row {@code r} is the values {@code [r·rowLength, (r+1)·rowLength)}.
 *
 * <p>Contract: the layer that owns the set {@linkplain #clear() clears} it when its {@code
 * backward} overwrites the gradient ({@code accumulate == false}) and {@linkplain #add adds}
 * every row it writes a gradient into; the gradient outside the set is zero. A set never
 * allocates after construction.
 *
 * <p>Thread-safety: not thread-safe; the layer writes it in {@code backward}, the optimizer reads
 * it in the step that follows, both on the training thread (an optimizer may read it from several
 * threads at once while nobody writes it).
 */
public final class RowSet {

  private final int rowLength;
  private final int[] rows;
  private final boolean[] member;
  private int count;

  /**
   * Makes an empty set for a table.
   *
   * @param rowCount the number of rows of the table, at least 1
   * @param rowLength the number of values in a row, at least 1
   * @throws IllegalArgumentException if a size is below 1
   */
  public RowSet(int rowCount, int rowLength) {
    if (rowCount < 1 || rowLength < 1) {
      throw new IllegalArgumentException("a row set needs at least one row of at least one value,"
          + " was " + rowCount + " rows of " + rowLength);
    }
    this.rowLength = rowLength;
    this.rows = new int[rowCount];
    this.member = new boolean[rowCount];
  }

  /** Returns the number of rows of the table. */
  public int rowCount() {
    return rows.length;
  }

  /** Returns the number of values in a row. */
  public int rowLength() {
    return rowLength;
  }

  /** Returns the number of rows in the set. */
  public int count() {
    return count;
  }

  /**
   * Returns the i-th row in the set, in the order they were first added.
   *
   * @param i index in {@code [0, count())}
   * @return a row index in {@code [0, rowCount())}
   * @throws IndexOutOfBoundsException if {@code i} is outside {@code [0, count())}
   */
  public int row(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("row " + i + " of a set of " + count);
    }
    return rows[i];
  }

  /**
   * Returns whether a row is in the set.
   *
   * @param row a row index in {@code [0, rowCount())}
   * @return true if it was added since the last {@link #clear()}
   */
  public boolean contains(int row) {
    return member[row];
  }

  /**
   * Adds a row; adding a row that is already there changes nothing.
   *
   * @param row a row index in {@code [0, rowCount())}
   * @throws IndexOutOfBoundsException if the row is outside the table
   */
  public void add(int row) {
    if (row < 0 || row >= rows.length) {
      throw new IndexOutOfBoundsException("row " + row + " of a table of " + rows.length);
    }
    if (!member[row]) {
      member[row] = true;
      rows[count++] = row;
    }
  }

  /** Empties the set, in time proportional to its size. */
  public void clear() {
    for (int i = 0; i < count; i++) {
      member[rows[i]] = false;
    }
    count = 0;
  }

  @Override
  public String toString() {
    return "RowSet[" + count + " of " + rows.length + " rows of " + rowLength + "]";
  }
}
