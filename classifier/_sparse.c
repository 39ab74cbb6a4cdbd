/* What two sorted sets of hashes share, by one merge of the two arrays.
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

static PyObject *shared_keys(PyObject *self, PyObject *args)
{
    Py_buffer a, b;
    if (!PyArg_ParseTuple(args, "y*y*", &a, &b))
        return NULL;
    PyObject *result = NULL;
    if (sized(&a, 4, "a") && sized(&b, 4, "b")) {
        const uint32_t *x = a.buf, *y = b.buf;
        Py_ssize_t n = a.len / 4, m = b.len / 4, i = 0, j = 0, shared = 0;
        while (i < n && j < m) {
            if (x[i] < y[j])
                i++;
            else if (x[i] > y[j])
                j++;
            else {
                shared++;
                i++;
                j++;
            }
        }
        result = PyLong_FromSsize_t(shared);
    }
    PyBuffer_Release(&a);
    PyBuffer_Release(&b);
    return result;
}

static PyObject *shared_counts(PyObject *self, PyObject *args)
{
    Py_buffer a, a_counts, b, b_counts;
    if (!PyArg_ParseTuple(args, "y*y*y*y*", &a, &a_counts, &b, &b_counts))
        return NULL;
    PyObject *result = NULL;
    if (sized(&a, 4, "a") && sized(&b, 4, "b") && a_counts.len == a.len && b_counts.len == b.len) {
        const uint32_t *x = a.buf, *y = b.buf;
        const float *cx = a_counts.buf, *cy = b_counts.buf;
        Py_ssize_t n = a.len / 4, m = b.len / 4, i = 0, j = 0;
        double dot = 0.0, least = 0.0;
        while (i < n && j < m) {
            if (x[i] < y[j])
                i++;
            else if (x[i] > y[j])
                j++;
            else {
                dot += (double)cx[i] * (double)cy[j];
                least += cx[i] < cy[j] ? (double)cx[i] : (double)cy[j];
                i++;
                j++;
            }
        }
        result = Py_BuildValue("dd", dot, least);
    } else if (!PyErr_Occurred()) {
        PyErr_SetString(PyExc_ValueError, "shared_counts: keys and counts differ in length");
    }
    PyBuffer_Release(&a);
    PyBuffer_Release(&a_counts);
    PyBuffer_Release(&b);
    PyBuffer_Release(&b_counts);
    return result;
}

static PyMethodDef methods[] = {
    {"shared_keys", shared_keys, METH_VARARGS,
     "shared_keys(a, b) -> int: how many values two sorted arrays of distinct uint32 share."},
    {"shared_counts", shared_counts, METH_VARARGS,
     "shared_counts(a, a_counts, b, b_counts) -> (dot, min_sum): over the keys two sorted "
     "uint32 arrays share, the sum of their float32 counts' products and of their minima."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_sparse", "Sorted-set overlaps for classifier.provenance.", -1,
    methods,
};

PyMODINIT_FUNC PyInit__sparse(void) { return PyModule_Create(&module); }
