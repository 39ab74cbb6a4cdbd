/* What two sorted sets of hashes share, by one merge of the two arrays: in all, or block by
 * block (block_overlaps).
 *
 * Each candidate pair of documents compares several sorted hash arrays (shingles, word
 * bigrams, word and character n-gram counts). NumPy's intersect1d concatenates and sorts
 * both arrays for every comparison; a merge of the already-sorted arrays is linear and
 * allocates nothing. The counts are whole numbers, so their sums here are exact and equal
 * NumPy's float32 sums while these stay below 2**24 (classifier/provenance/fingerprints.py
 * falls back to NumPy above that).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

static int sized(Py_buffer *buffer, Py_ssize_t itemsize, const char *name)
{
    if (buffer->len % itemsize) {
        PyErr_Format(PyExc_ValueError, "%s: %zd bytes is not a whole number of items", name,
                     buffer->len);
        return 0;
    }
    return 1;
}

/* Moves i and j on to the next key both sorted arrays hold; 0 once either is used up. */
static int next_shared(const uint32_t *x, Py_ssize_t n, const uint32_t *y, Py_ssize_t m,
                       Py_ssize_t *i, Py_ssize_t *j)
{
    while (*i < n && *j < m) {
        if (x[*i] < y[*j])
            (*i)++;
        else if (x[*i] > y[*j])
            (*j)++;
        else
            return 1;
    }
    return 0;
}

static PyObject *shared_keys(PyObject *self, PyObject *args)
{
    Py_buffer a, b;
    if (!PyArg_ParseTuple(args, "y*y*", &a, &b))
        return NULL;
    PyObject *result = NULL;
    if (sized(&a, 4, "a") && sized(&b, 4, "b")) {
        const uint32_t *x = a.buf, *y = b.buf;
        Py_ssize_t n = a.len / 4, m = b.len / 4, i = 0, j = 0, shared = 0;
        for (; next_shared(x, n, y, m, &i, &j); i++, j++)
            shared++;
        result = PyLong_FromSsize_t(shared);
    }
    PyBuffer_Release(&a);
    PyBuffer_Release(&b);
    return result;
}

/* Count i of an array of whole-number counts stored in `width` bytes (2: uint16, 4: uint32). */
static double count_at(const void *counts, Py_ssize_t width, Py_ssize_t i)
{
    return width == 2 ? (double)((const uint16_t *)counts)[i]
                      : (double)((const uint32_t *)counts)[i];
}

static PyObject *shared_counts(PyObject *self, PyObject *args)
{
    Py_buffer a, a_counts, b, b_counts;
    if (!PyArg_ParseTuple(args, "y*y*y*y*", &a, &a_counts, &b, &b_counts))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = a.len / 4, m = b.len / 4;
    Py_ssize_t a_width = n ? a_counts.len / n : 2, b_width = m ? b_counts.len / m : 2;
    if (sized(&a, 4, "a") && sized(&b, 4, "b") && a_counts.len == a_width * n &&
        b_counts.len == b_width * m && (a_width == 2 || a_width == 4) &&
        (b_width == 2 || b_width == 4)) {
        const uint32_t *x = a.buf, *y = b.buf;
        Py_ssize_t i = 0, j = 0;
        double dot = 0.0, least = 0.0;
        for (; next_shared(x, n, y, m, &i, &j); i++, j++) {
            double cx = count_at(a_counts.buf, a_width, i);
            double cy = count_at(b_counts.buf, b_width, j);
            dot += cx * cy;
            least += cx < cy ? cx : cy;
        }
        result = Py_BuildValue("dd", dot, least);
    } else if (!PyErr_Occurred()) {
        PyErr_SetString(PyExc_ValueError,
                        "shared_counts: counts must be uint16 or uint32, one per key");
    }
    PyBuffer_Release(&a);
    PyBuffer_Release(&a_counts);
    PyBuffer_Release(&b);
    PyBuffer_Release(&b_counts);
    return result;
}

/* For every pair of blocks (one of each document), how many keys they share.
 *
 * Each document's keys are one sorted array with the block of each key beside it (a key
 * occurs once per block, so runs of equal keys are short); one merge of the two arrays adds
 * one to out[block_a * columns + block_b] for every key the two blocks both hold.
 */
static PyObject *block_overlaps(PyObject *self, PyObject *args)
{
    Py_buffer a, a_blocks, b, b_blocks, out;
    Py_ssize_t columns;
    if (!PyArg_ParseTuple(args, "y*y*y*y*w*n", &a, &a_blocks, &b, &b_blocks, &out, &columns))
        return NULL;
    PyObject *result = NULL;
    if (!(sized(&a, 4, "a") && sized(&b, 4, "b") && sized(&out, 4, "out")))
        goto done;
    if (a_blocks.len != a.len || b_blocks.len != b.len || columns <= 0 ||
        (out.len / 4) % columns) {
        PyErr_SetString(PyExc_ValueError, "block_overlaps: arrays differ in length");
        goto done;
    }
    const uint32_t *x = a.buf, *y = b.buf;
    const int32_t *bx = a_blocks.buf, *by = b_blocks.buf;
    int32_t *o = out.buf;
    Py_ssize_t n = a.len / 4, m = b.len / 4, rows = out.len / 4 / columns, i = 0, j = 0;
    for (Py_ssize_t k = 0; k < n; k++)
        if (bx[k] < 0 || bx[k] >= rows) {
            PyErr_SetString(PyExc_ValueError, "block_overlaps: a block number is out of range");
            goto done;
        }
    for (Py_ssize_t k = 0; k < m; k++)
        if (by[k] < 0 || by[k] >= columns) {
            PyErr_SetString(PyExc_ValueError, "block_overlaps: a block number is out of range");
            goto done;
        }
    while (next_shared(x, n, y, m, &i, &j)) {
        Py_ssize_t i_end = i, j_end = j;  /* a key may repeat, once per block that holds it */
        while (i_end < n && x[i_end] == x[i])
            i_end++;
        while (j_end < m && y[j_end] == y[j])
            j_end++;
        for (Py_ssize_t p = i; p < i_end; p++)
            for (Py_ssize_t q = j; q < j_end; q++)
                o[(Py_ssize_t)bx[p] * columns + by[q]]++;
        i = i_end;
        j = j_end;
    }
    result = Py_None;
    Py_INCREF(result);
done:
    PyBuffer_Release(&a);
    PyBuffer_Release(&a_blocks);
    PyBuffer_Release(&b);
    PyBuffer_Release(&b_blocks);
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"shared_keys", shared_keys, METH_VARARGS,
     "shared_keys(a, b) -> int: how many values two sorted arrays of distinct uint32 share."},
    {"shared_counts", shared_counts, METH_VARARGS,
     "shared_counts(a, a_counts, b, b_counts) -> (dot, min_sum): over the keys two sorted "
     "uint32 arrays share, the sum of their (uint16 or uint32) counts' products and of their "
     "minima."},
    {"block_overlaps", block_overlaps, METH_VARARGS,
     "block_overlaps(a, a_blocks, b, b_blocks, out, columns): adds to the int32 matrix out "
     "(rows of `columns`) how many keys each block of a shares with each block of b."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_sparse", "Sorted-set overlaps for classifier.provenance.", -1,
    methods,
};

PyMODINIT_FUNC PyInit__sparse(void) { return PyModule_Create(&module); }
