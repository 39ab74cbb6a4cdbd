/* Sum the leaf values of many regression trees for many rows, in one call.
 *
 * scikit-learn predicts a boosted model one tree at a time (a Python loop over trees, each a
 * parallel pass over all rows). For our models, hundreds of small trees over tens of features,
 * that per-tree overhead and the rows' repeated trips through memory cost more than the tree
 * walks themselves. Here a few dozen rows at a time are walked through every tree, each tree
 * for all of them while its nodes are in cache.
 *
 * The arithmetic is scikit-learn's: the same comparisons (NaN goes where the node says, then
 * value <= threshold goes left) and the same order of additions per class, so the sums are
 * bit-identical. Buffers come from NumPy through the buffer protocol; the caller
 * (classifier/forest.py) checks dtypes and shapes, this file checks sizes.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>

/* Rows walked together through each tree: one tree's nodes and these rows stay in cache
 * while the tree is walked for all of them (128 rows measured faster than 8 to 64 on the
 * block model). Each row still adds the trees' values in order. */
#ifndef ROWS_PER_PASS
#define ROWS_PER_PASS 128
#endif

static int expect(Py_buffer *buffer, Py_ssize_t items, Py_ssize_t itemsize, const char *name)
{
    if (buffer->len != items * itemsize) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd bytes, got %zd", name,
                     items * itemsize, buffer->len);
        return 0;
    }
    return 1;
}

static PyObject *accumulate(PyObject *self, PyObject *args)
{
    Py_buffer x, feature, threshold, left, right, value, leaf, missing_left, roots, tree_class,
        out;
    Py_ssize_t n_rows, n_features, n_nodes, n_trees, n_classes;
    PyObject *result = NULL;

    if (!PyArg_ParseTuple(args, "y*nny*y*y*y*y*y*y*y*y*nw*", &x, &n_rows, &n_features,
                          &feature, &threshold, &left, &right, &value, &leaf, &missing_left,
                          &roots, &tree_class, &n_classes, &out))
        return NULL;
    n_nodes = threshold.len / (Py_ssize_t)sizeof(double);
    n_trees = roots.len / (Py_ssize_t)sizeof(int32_t);
    if (expect(&x, n_rows * n_features, sizeof(double), "rows")
        && expect(&feature, n_nodes, sizeof(int32_t), "feature")
        && expect(&left, n_nodes, sizeof(int32_t), "left")
        && expect(&right, n_nodes, sizeof(int32_t), "right")
        && expect(&value, n_nodes, sizeof(double), "value")
        && expect(&leaf, n_nodes, 1, "is_leaf")
        && expect(&missing_left, n_nodes, 1, "missing_go_to_left")
        && expect(&tree_class, n_trees, sizeof(int32_t), "tree_class")
        && expect(&out, n_rows * n_classes, sizeof(double), "out")) {
        const double *rows = x.buf, *thresholds = threshold.buf, *values = value.buf;
        const int32_t *features = feature.buf, *lefts = left.buf, *rights = right.buf;
        const int32_t *starts = roots.buf, *classes = tree_class.buf;
        const uint8_t *leaves = leaf.buf, *missing = missing_left.buf;
        double *sums = out.buf;

        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t first = 0; first < n_rows; first += ROWS_PER_PASS) {
            Py_ssize_t last = first + ROWS_PER_PASS < n_rows ? first + ROWS_PER_PASS : n_rows;
            for (Py_ssize_t tree = 0; tree < n_trees; tree++) {
                for (Py_ssize_t row = first; row < last; row++) {
                    const double *cells = rows + row * n_features;
                    int32_t node = starts[tree];
                    while (!leaves[node]) {
                        double cell = cells[features[node]];
                        if (isnan(cell))
                            node = missing[node] ? lefts[node] : rights[node];
                        else
                            node = cell <= thresholds[node] ? lefts[node] : rights[node];
                    }
                    sums[row * n_classes + classes[tree]] += values[node];
                }
            }
        }
        Py_END_ALLOW_THREADS
        result = Py_None;
        Py_INCREF(result);
    }
    PyBuffer_Release(&x);
    PyBuffer_Release(&feature);
    PyBuffer_Release(&threshold);
    PyBuffer_Release(&left);
    PyBuffer_Release(&right);
    PyBuffer_Release(&value);
    PyBuffer_Release(&leaf);
    PyBuffer_Release(&missing_left);
    PyBuffer_Release(&roots);
    PyBuffer_Release(&tree_class);
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"accumulate", accumulate, METH_VARARGS,
     "accumulate(rows, n_rows, n_features, feature, threshold, left, right, value, is_leaf, "
     "missing_go_to_left, roots, tree_class, n_classes, out): add each tree's leaf value "
     "for each row to out[row, tree_class]."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_forest", "Tree walks for classifier.forest.", -1, methods,
};

PyMODINIT_FUNC PyInit__forest(void) { return PyModule_Create(&module); }
