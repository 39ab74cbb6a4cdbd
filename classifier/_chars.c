/* Letters, upper-case letters and digits of a string, in one pass.
 *
 * Every block's layout features start from these three counts. For ASCII text Python counts
 * them in C already (bytes.translate); for the rest of the world's text it takes three
 * Python-level passes over the characters. Here one C pass asks the same questions of each
 * character that str.isalpha, str.isupper and str.isdigit ask of a one-character string, so
 * the counts are the same.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *char_counts(PyObject *self, PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U", &text))
        return NULL;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), letters = 0, uppers = 0, digits = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        letters += Py_UNICODE_ISALPHA(c) != 0;
        uppers += Py_UNICODE_ISUPPER(c) != 0;
        digits += Py_UNICODE_ISDIGIT(c) != 0;
    }
    return Py_BuildValue("nnn", letters, uppers, digits);
}

static PyMethodDef methods[] = {
    {"char_counts", char_counts, METH_VARARGS,
     "char_counts(text) -> (letters, uppers, digits): how many characters of text are "
     "alphabetic, upper-case and digits, as str.isalpha, str.isupper and str.isdigit say."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_chars", "Character counts for classifier.features.", -1, methods,
};

PyMODINIT_FUNC PyInit__chars(void) { return PyModule_Create(&module); }
