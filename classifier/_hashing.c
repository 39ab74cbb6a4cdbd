/* Hashed character n-grams and word tokens, in one call per batch of blocks.
 *
 * The block model's lexical features are scikit-learn's FeatureHasher over each block's
 * character n-grams and first words. Built in Python, that is one new string per n-gram, one
 * UTF-8 encoding per string and one hasher call per string: a third of the time of
 * classifying a document. Here each block's text is encoded once and every n-gram is hashed
 * as a slice of that encoding.
 *
 * The hash and the index are FeatureHasher's (MurmurHash3 x86_32 of the UTF-8 bytes, seed 0,
 * read as signed, |h| mod n_features, with its rule for -2**31), so the columns are the same
 * and a model trained through either path predicts the same. tests/test_features.py checks
 * that on text in every script we support.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

/* MurmurHash3_x86_32 (Austin Appleby's public-domain algorithm), blocks read in native order
 * as the reference implementation does. */
static uint32_t murmur3_32(const uint8_t *data, Py_ssize_t len, uint32_t seed)
{
    const uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
    Py_ssize_t nblocks = len / 4;
    uint32_t h = seed, k;
    for (Py_ssize_t i = 0; i < nblocks; i++) {
        memcpy(&k, data + 4 * i, 4);
        k *= c1;
        k = rotl32(k, 15);
        k *= c2;
        h ^= k;
        h = rotl32(h, 13);
        h = h * 5 + 0xe6546b64;
    }
    const uint8_t *tail = data + 4 * nblocks;
    k = 0;
    switch (len & 3) {
    case 3: k ^= (uint32_t)tail[2] << 16; /* fall through */
    case 2: k ^= (uint32_t)tail[1] << 8; /* fall through */
    case 1:
        k ^= tail[0];
        k *= c1;
        k = rotl32(k, 15);
        k *= c2;
        h ^= k;
    }
    h ^= (uint32_t)len;
    h ^= h >> 16;
    h *= 0x85ebca6b;
    h ^= h >> 13;
    h *= 0xc2b2ae35;
    h ^= h >> 16;
    return h;
}

/* FeatureHasher's column for a hash: |h| mod n, with -2**31 mapped as it maps it. */
static int32_t column(uint32_t hash, int32_t n_features)
{
    int32_t h = (int32_t)hash;
    if (h == INT32_MIN)
        return (int32_t)((2147483647LL - (n_features - 1)) % n_features);
    return (int32_t)((h < 0 ? -(int64_t)h : (int64_t)h) % n_features);
}

/* UTF-8 of one code point; lone surrogates are written as their three bytes. */
static Py_ssize_t utf8(Py_UCS4 c, uint8_t *out)
{
    if (c < 0x80) { out[0] = (uint8_t)c; return 1; }
    if (c < 0x800) {
        out[0] = (uint8_t)(0xC0 | (c >> 6));
        out[1] = (uint8_t)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (uint8_t)(0xE0 | (c >> 12));
        out[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | (c >> 18));
    out[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (uint8_t)(0x80 | (c & 0x3F));
    return 4;
}

typedef struct {
    int32_t *data;
    Py_ssize_t size, capacity;
} Columns;

static int push(Columns *columns, int32_t value)
{
    if (columns->size == columns->capacity) {
        Py_ssize_t capacity = columns->capacity ? 2 * columns->capacity : 4096;
        int32_t *grown = PyMem_Realloc(columns->data, (size_t)capacity * sizeof(int32_t));
        if (!grown) {
            PyErr_NoMemory();
            return 0;
        }
        columns->data = grown;
        columns->capacity = capacity;
    }
    columns->data[columns->size++] = value;
    return 1;
}

/* Columns of every n-gram of low..high code points of ``text``. ``bytes``/``offsets`` are
 * scratch space of at least 4 * length and length + 1 entries. */
static int hash_ngrams(PyObject *text, int low, int high, int32_t n_features, uint8_t *bytes,
                       Py_ssize_t *offsets, Columns *columns)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), size = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < length; i++) {
        offsets[i] = size;
        size += utf8(PyUnicode_READ(kind, data, i), bytes + size);
    }
    offsets[length] = size;
    for (int width = low; width <= high; width++)
        for (Py_ssize_t start = 0; start + width <= length; start++) {
            Py_ssize_t from = offsets[start], to = offsets[start + width];
            if (!push(columns, column(murmur3_32(bytes + from, to - from, 0), n_features)))
                return 0;
        }
    return 1;
}

/* Column of ``scratch`` (which starts with the prefix) followed by ``word``'s UTF-8. */
static int hash_word(PyObject *word, Py_ssize_t prefix_len,
                     int32_t n_features, uint8_t **scratch, Py_ssize_t *scratch_len,
                     Columns *columns)
{
    Py_ssize_t size;
    const char *encoded = PyUnicode_AsUTF8AndSize(word, &size);
    if (!encoded)
        return 0;
    if (prefix_len + size > *scratch_len) {
        uint8_t *grown = PyMem_Realloc(*scratch, (size_t)(prefix_len + size));
        if (!grown) {
            PyErr_NoMemory();
            return 0;
        }
        *scratch = grown;
        *scratch_len = prefix_len + size;
    }
    memcpy(*scratch + prefix_len, encoded, (size_t)size);
    return push(columns, column(murmur3_32(*scratch, prefix_len + size, 0), n_features));
}

/* A writable copy (a bytearray), so NumPy views of it can be sorted in place. */
static PyObject *as_bytes(const void *data, Py_ssize_t size)
{
    return PyByteArray_FromStringAndSize((const char *)data, size);
}

static PyObject *hash_rows(PyObject *self, PyObject *args)
{
    PyObject *heads, *words, *result = NULL;
    int low, high;
    int n_features;
    const char *prefix;
    Py_ssize_t prefix_len;
    if (!PyArg_ParseTuple(args, "O!O!iis#i", &PyList_Type, &heads, &PyList_Type, &words, &low,
                          &high, &prefix, &prefix_len, &n_features))
        return NULL;
    Py_ssize_t n_rows = PyList_GET_SIZE(heads);
    if (PyList_GET_SIZE(words) != n_rows || low < 1 || high < low || n_features < 1) {
        PyErr_SetString(PyExc_ValueError, "hash_rows: heads and words differ in length, or bad "
                                          "n-gram range or n_features");
        return NULL;
    }
    Columns columns = {NULL, 0, 0};
    int64_t *indptr = PyMem_Malloc((size_t)(n_rows + 1) * sizeof(int64_t));
    uint8_t *bytes = NULL, *scratch = PyMem_Malloc((size_t)prefix_len + 64);
    Py_ssize_t *offsets = NULL, capacity = 0, scratch_len = prefix_len + 64;
    if (!indptr || !scratch) {
        PyErr_NoMemory();
        goto done;
    }
    memcpy(scratch, prefix, (size_t)prefix_len);
    indptr[0] = 0;
    for (Py_ssize_t row = 0; row < n_rows; row++) {
        PyObject *head = PyList_GET_ITEM(heads, row), *row_words = PyList_GET_ITEM(words, row);
        if (!PyUnicode_Check(head) || !PyList_Check(row_words)) {
            PyErr_SetString(PyExc_TypeError, "hash_rows: expected str heads and lists of words");
            goto done;
        }
        Py_ssize_t length = PyUnicode_GET_LENGTH(head);
        if (length + 1 > capacity) {
            capacity = 2 * (length + 1);
            PyMem_Free(bytes);
            PyMem_Free(offsets);
            bytes = PyMem_Malloc((size_t)capacity * 4);
            offsets = PyMem_Malloc((size_t)capacity * sizeof(Py_ssize_t));
            if (!bytes || !offsets) {
                PyErr_NoMemory();
                goto done;
            }
        }
        if (!hash_ngrams(head, low, high, n_features, bytes, offsets, &columns))
            goto done;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(row_words); i++) {
            PyObject *word = PyList_GET_ITEM(row_words, i);
            if (!PyUnicode_Check(word)) {
                PyErr_SetString(PyExc_TypeError, "hash_rows: words must be str");
                goto done;
            }
            if (!hash_word(word, prefix_len, n_features, &scratch, &scratch_len,
                           &columns))
                goto done;
        }
        indptr[row + 1] = columns.size;
    }
    PyObject *indices_bytes = as_bytes(columns.data, columns.size * (Py_ssize_t)sizeof(int32_t));
    PyObject *indptr_bytes = as_bytes(indptr, (n_rows + 1) * (Py_ssize_t)sizeof(int64_t));
    if (indices_bytes && indptr_bytes)
        result = PyTuple_Pack(2, indices_bytes, indptr_bytes);
    Py_XDECREF(indices_bytes);
    Py_XDECREF(indptr_bytes);
done:
    PyMem_Free(columns.data);
    PyMem_Free(indptr);
    PyMem_Free(bytes);
    PyMem_Free(offsets);
    PyMem_Free(scratch);
    return result;
}

static PyMethodDef methods[] = {
    {"hash_rows", hash_rows, METH_VARARGS,
     "hash_rows(heads, words, low, high, prefix, n_features) -> (indices, indptr): for each "
     "row, FeatureHasher's column of every low..high character n-gram of heads[row] and of "
     "prefix + each of words[row]; int32 indices and int64 row offsets as bytearrays."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_hashing", "Feature hashing for classifier.features.", -1, methods,
};

PyMODINIT_FUNC PyInit__hashing(void) { return PyModule_Create(&module); }
