/* The byte-level automaton walk of py3langid's language identifier, in C.
 *
 * py3langid finds its n-gram features by walking a finite automaton over the text's UTF-8
 * bytes in a Python loop, one step per byte: most of the time of identifying a document's
 * language, and language identification is a tenth of classifying one. This is the same
 * walk over the same tables; it returns each feature once, with its count, in the order
 * the features were first met (the order of py3langid's Counter, which sets the order of its
 * floating-point sums, so the scores are bit-identical). classifier/language.py checks the
 * tables' types (the moves are py3langid's own uint32 array, read in place: 39 MB) and
 * tests/test_language.py compares the answers with py3langid's own.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static PyObject *visits(PyObject *self, PyObject *args)
{
    Py_buffer nextmove, rowbase, output, text;
    Py_ssize_t n_features;
    PyObject *result = NULL;
    if (!PyArg_ParseTuple(args, "y*y*y*y*n", &nextmove, &rowbase, &output, &text, &n_features))
        return NULL;
    Py_ssize_t n_moves = nextmove.len / (Py_ssize_t)sizeof(uint32_t);
    Py_ssize_t n_states = output.len / (Py_ssize_t)sizeof(int64_t);
    Py_ssize_t n_rows = rowbase.len / (Py_ssize_t)sizeof(int64_t);
    const uint32_t *moves = nextmove.buf;
    const int64_t *rows = rowbase.buf, *outputs = output.buf;
    const uint8_t *bytes = text.buf;
    /* slot[f]: 1 + where feature f sits in the output, 0 when not met yet */
    Py_ssize_t *slot = PyMem_Calloc((size_t)(n_features > 0 ? n_features : 1), sizeof(Py_ssize_t));
    int32_t *features = PyMem_Malloc((size_t)text.len * sizeof(int32_t) + 1);
    int32_t *counts = PyMem_Malloc((size_t)text.len * sizeof(int32_t) + 1);
    Py_ssize_t found = 0;
    int64_t state = 0;
    if (!slot || !features || !counts) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < text.len; i++) {
        if (state < 0 || state >= n_rows || rows[state] + bytes[i] >= n_moves) {
            PyErr_SetString(PyExc_ValueError, "visits: the automaton's tables do not match");
            goto done;
        }
        state = moves[rows[state] + bytes[i]];
        if (state < 0 || state >= n_states || outputs[state] >= n_features) {
            PyErr_SetString(PyExc_ValueError, "visits: the automaton's tables do not match");
            goto done;
        }
        int64_t feature = outputs[state];
        if (feature < 0)
            continue;
        if (!slot[feature]) {
            features[found] = (int32_t)feature;
            counts[found] = 0;
            slot[feature] = ++found;
        }
        counts[slot[feature] - 1]++;
    }
    PyObject *first = PyBytes_FromStringAndSize((const char *)features, found * 4);
    PyObject *second = PyBytes_FromStringAndSize((const char *)counts, found * 4);
    if (first && second)
        result = PyTuple_Pack(2, first, second);
    Py_XDECREF(first);
    Py_XDECREF(second);
done:
    PyMem_Free(slot);
    PyMem_Free(features);
    PyMem_Free(counts);
    PyBuffer_Release(&nextmove);
    PyBuffer_Release(&rowbase);
    PyBuffer_Release(&output);
    PyBuffer_Release(&text);
    return result;
}

static PyMethodDef methods[] = {
    {"visits", visits, METH_VARARGS,
     "visits(nextmove, rowbase, output, text, n_features) -> (features, counts): walk the "
     "automaton (uint32 moves, int64 row bases and outputs) over the bytes of text; each feature met and how often, in "
     "the order first met, as int32 bytes."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_langid", "The automaton walk of classifier.language.", -1, methods,
};

PyMODINIT_FUNC PyInit__langid(void) { return PyModule_Create(&module); }
