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

/* The columns of the rows hashed so far: each finished row sorted, with its repeated columns
 * counted once (``counts``), as scipy's sum_duplicates leaves a matrix. */
typedef struct {
    int32_t *data, *spare; /* spare: room for sorting one row */
    double *counts;
    Py_ssize_t size, capacity, row_start;
} Columns;

static int push(Columns *columns, int32_t value)
{
    if (columns->size == columns->capacity) {
        Py_ssize_t capacity = columns->capacity ? 2 * columns->capacity : 4096;
        int32_t *data = PyMem_Realloc(columns->data, (size_t)capacity * sizeof(int32_t));
        if (data)
            columns->data = data;
        int32_t *spare = PyMem_Realloc(columns->spare, (size_t)capacity * sizeof(int32_t));
        if (spare)
            columns->spare = spare;
        double *counts = PyMem_Realloc(columns->counts, (size_t)capacity * sizeof(double));
        if (counts)
            columns->counts = counts;
        if (!data || !spare || !counts) {
            PyErr_NoMemory();
            return 0;
        }
        columns->capacity = capacity;
    }
    columns->data[columns->size++] = value;
    return 1;
}

#define RADIX_BITS 11
#define RADIX (1 << RADIX_BITS)

/* Sort non-negative values: insertion sort for a few, else least-significant-digit radix
 * sort (two or three passes of counting), ping-ponging between ``values`` and ``spare``. */
static void sort_columns(int32_t *values, int32_t *spare, Py_ssize_t n)
{
    if (n < 64) {
        for (Py_ssize_t i = 1; i < n; i++) {
            int32_t v = values[i];
            Py_ssize_t j = i;
            for (; j > 0 && values[j - 1] > v; j--)
                values[j] = values[j - 1];
            values[j] = v;
        }
        return;
    }
    int32_t largest = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        largest = values[i] > largest ? values[i] : largest;
    int32_t *from = values, *to = spare;
    for (int shift = 0; shift < 31 && (largest >> shift); shift += RADIX_BITS) {
        Py_ssize_t starts[RADIX] = {0};
        for (Py_ssize_t i = 0; i < n; i++)
            starts[(from[i] >> shift) & (RADIX - 1)]++;
        Py_ssize_t total = 0;
        for (int d = 0; d < RADIX; d++) {
            Py_ssize_t count = starts[d];
            starts[d] = total;
            total += count;
        }
        for (Py_ssize_t i = 0; i < n; i++)
            to[starts[(from[i] >> shift) & (RADIX - 1)]++] = from[i];
        int32_t *swap = from;
        from = to;
        to = swap;
    }
    if (from != values)
        memcpy(values, from, (size_t)n * sizeof(int32_t));
}

/* Close the current row: sort its columns and keep each once with its count. */
static void finish_row(Columns *columns)
{
    Py_ssize_t start = columns->row_start, n = columns->size - start, kept = 0;
    int32_t *row = columns->data + start;
    double *counts = columns->counts + start;
    sort_columns(row, columns->spare, n);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (kept && row[kept - 1] == row[i]) {
            counts[kept - 1] += 1.0;
        } else {
            row[kept] = row[i];
            counts[kept++] = 1.0;
        }
    }
    columns->size = columns->row_start = start + kept;
}

static void release(Columns *columns)
{
    PyMem_Free(columns->data);
    PyMem_Free(columns->spare);
    PyMem_Free(columns->counts);
}

/* ``text`` as UTF-8 into ``bytes``, with the byte offset of each code point (and of the end)
 * in ``offsets``: scratch of at least 4 * length bytes and length + 1 entries. */
static void encode(PyObject *text, uint8_t *bytes, Py_ssize_t *offsets)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), size = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < length; i++) {
        offsets[i] = size;
        size += utf8(PyUnicode_READ(kind, data, i), bytes + size);
    }
    offsets[length] = size;
}

/* Columns of every n-gram of low..high code points of ``text``; with ``bounded``, only those
 * with no space inside (a space may open or close one: scikit-learn's ``char_wb`` grams of
 * space-joined words). ``bytes``/``offsets`` are scratch space of at least 4 * length and
 * length + 1 entries. */
static int hash_ngrams(PyObject *text, int low, int high, int bounded, int32_t n_features,
                       uint8_t *bytes, Py_ssize_t *offsets, Columns *columns)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    encode(text, bytes, offsets);
    for (int width = low; width <= high; width++)
        for (Py_ssize_t start = 0; start + width <= length; start++) {
            Py_ssize_t from = offsets[start], to = offsets[start + width];
            if (bounded && memchr(bytes + offsets[start + 1], ' ',
                                  (size_t)(offsets[start + width - 1] - offsets[start + 1])))
                continue;
            if (!push(columns, column(murmur3_32(bytes + from, to - from, 0), n_features)))
                return 0;
        }
    return 1;
}

/* scratch[at:at + size] <- UTF-8 of ``word`` (grown as needed); its size, or -1 on error. */
static Py_ssize_t copy_utf8(PyObject *word, Py_ssize_t at, uint8_t **scratch,
                            Py_ssize_t *scratch_len)
{
    Py_ssize_t size;
    const char *encoded;
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "words must be str");
        return -1;
    }
    encoded = PyUnicode_AsUTF8AndSize(word, &size);
    if (!encoded)
        return -1;
    if (at + size > *scratch_len) {
        Py_ssize_t grown_len = 2 * (at + size);
        uint8_t *grown = PyMem_Realloc(*scratch, (size_t)grown_len);
        if (!grown) {
            PyErr_NoMemory();
            return -1;
        }
        *scratch = grown;
        *scratch_len = grown_len;
    }
    memcpy(*scratch + at, encoded, (size_t)size);
    return size;
}

/* Column of ``scratch`` (which starts with the prefix) followed by ``word``'s UTF-8. */
static int hash_word(PyObject *word, Py_ssize_t prefix_len, int32_t n_features,
                     uint8_t **scratch, Py_ssize_t *scratch_len, Columns *columns)
{
    Py_ssize_t size = copy_utf8(word, prefix_len, scratch, scratch_len);
    return size >= 0 && push(columns, column(murmur3_32(*scratch, prefix_len + size, 0), n_features));
}

/* A writable copy (a bytearray), so NumPy views of it can be sorted in place. */
static PyObject *as_bytes(const void *data, Py_ssize_t size)
{
    return PyByteArray_FromStringAndSize((const char *)data, size);
}

/* (indices, counts, indptr): int32, float64 and int64 arrays as bytearrays. */
static PyObject *csr_parts(Columns *columns, const int64_t *indptr, Py_ssize_t n_rows)
{
    PyObject *result = NULL;
    PyObject *indices = as_bytes(columns->data, columns->size * (Py_ssize_t)sizeof(int32_t));
    PyObject *counts = as_bytes(columns->counts, columns->size * (Py_ssize_t)sizeof(double));
    PyObject *offsets = as_bytes(indptr, (n_rows + 1) * (Py_ssize_t)sizeof(int64_t));
    if (indices && counts && offsets)
        result = PyTuple_Pack(3, indices, counts, offsets);
    Py_XDECREF(indices);
    Py_XDECREF(counts);
    Py_XDECREF(offsets);
    return result;
}

static PyObject *hash_rows(PyObject *self, PyObject *args)
{
    PyObject *heads, *words, *result = NULL;
    int low, high, n_features, bounded = 0;
    const char *prefix;
    Py_ssize_t prefix_len;
    if (!PyArg_ParseTuple(args, "O!O!iis#i|p", &PyList_Type, &heads, &PyList_Type, &words, &low,
                          &high, &prefix, &prefix_len, &n_features, &bounded))
        return NULL;
    Py_ssize_t n_rows = PyList_GET_SIZE(heads);
    if (PyList_GET_SIZE(words) != n_rows || low < 1 || high < low || n_features < 1) {
        PyErr_SetString(PyExc_ValueError, "hash_rows: heads and words differ in length, or bad "
                                          "n-gram range or n_features");
        return NULL;
    }
    Columns columns = {NULL, NULL, NULL, 0, 0, 0};
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
        if (!hash_ngrams(head, low, high, bounded, n_features, bytes, offsets, &columns))
            goto done;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(row_words); i++) {
            PyObject *word = PyList_GET_ITEM(row_words, i);
            if (!hash_word(word, prefix_len, n_features, &scratch, &scratch_len,
                           &columns))
                goto done;
        }
        finish_row(&columns);
        indptr[row + 1] = columns.size;
    }
    result = csr_parts(&columns, indptr, n_rows);
done:
    release(&columns);
    PyMem_Free(indptr);
    PyMem_Free(bytes);
    PyMem_Free(offsets);
    PyMem_Free(scratch);
    return result;
}

static PyObject *hash_word_ngrams(PyObject *self, PyObject *args)
{
    PyObject *rows, *result = NULL;
    int n_features;
    if (!PyArg_ParseTuple(args, "O!i", &PyList_Type, &rows, &n_features))
        return NULL;
    if (n_features < 1) {
        PyErr_SetString(PyExc_ValueError, "hash_word_ngrams: n_features must be positive");
        return NULL;
    }
    Py_ssize_t n_rows = PyList_GET_SIZE(rows), scratch_len = 256;
    Columns columns = {NULL, NULL, NULL, 0, 0, 0};
    int64_t *indptr = PyMem_Malloc((size_t)(n_rows + 1) * sizeof(int64_t));
    uint8_t *scratch = PyMem_Malloc((size_t)scratch_len);
    if (!indptr || !scratch) {
        PyErr_NoMemory();
        goto done;
    }
    indptr[0] = 0;
    for (Py_ssize_t row = 0; row < n_rows; row++) {
        PyObject *words = PyList_GET_ITEM(rows, row);
        if (!PyList_Check(words)) {
            PyErr_SetString(PyExc_TypeError, "hash_word_ngrams: expected lists of words");
            goto done;
        }
        Py_ssize_t n_words = PyList_GET_SIZE(words);
        for (Py_ssize_t i = 0; i < n_words; i++) {
            Py_ssize_t size = copy_utf8(PyList_GET_ITEM(words, i), 0, &scratch, &scratch_len);
            if (size < 0 || !push(&columns, column(murmur3_32(scratch, size, 0), n_features)))
                goto done;
        }
        for (Py_ssize_t i = 0; i + 1 < n_words; i++) {
            /* "first second": the second word is copied first, as copying may grow the
             * buffer that the space then goes into. */
            Py_ssize_t first = copy_utf8(PyList_GET_ITEM(words, i), 0, &scratch, &scratch_len);
            Py_ssize_t second = first < 0 ? -1 : copy_utf8(PyList_GET_ITEM(words, i + 1),
                                                           first + 1, &scratch, &scratch_len);
            if (second < 0)
                goto done;
            scratch[first] = ' ';
            if (!push(&columns, column(murmur3_32(scratch, first + 1 + second, 0), n_features)))
                goto done;
        }
        finish_row(&columns);
        indptr[row + 1] = columns.size;
    }
    result = csr_parts(&columns, indptr, n_rows);
done:
    release(&columns);
    PyMem_Free(indptr);
    PyMem_Free(scratch);
    return result;
}

/* CRC-32 (the IEEE polynomial, reflected: zlib's crc32), its table built when the module loads. */
static uint32_t crc_table[256];

static void build_crc_table(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc32_of(const uint8_t *data, Py_ssize_t len)
{
    uint32_t c = 0xFFFFFFFFu;
    for (Py_ssize_t i = 0; i < len; i++)
        c = crc_table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static PyObject *crc32_ngrams(PyObject *self, PyObject *args)
{
    PyObject *text, *result = NULL;
    int width;
    if (!PyArg_ParseTuple(args, "Ui", &text, &width))
        return NULL;
    if (width < 1) {
        PyErr_SetString(PyExc_ValueError, "crc32_ngrams: width must be positive");
        return NULL;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Py_ssize_t count = length >= width ? length - width + 1 : 0;
    uint8_t *bytes = PyMem_Malloc((size_t)length * 4 + 1);
    Py_ssize_t *offsets = PyMem_Malloc((size_t)(length + 1) * sizeof(Py_ssize_t));
    uint32_t *hashes = PyMem_Malloc((size_t)count * sizeof(uint32_t) + 1);
    if (!bytes || !offsets || !hashes) {
        PyErr_NoMemory();
        goto done;
    }
    encode(text, bytes, offsets);
    for (Py_ssize_t i = 0; i < count; i++)
        hashes[i] = crc32_of(bytes + offsets[i], offsets[i + width] - offsets[i]);
    result = as_bytes(hashes, count * (Py_ssize_t)sizeof(uint32_t));
done:
    PyMem_Free(bytes);
    PyMem_Free(offsets);
    PyMem_Free(hashes);
    return result;
}

static PyObject *crc32_windows(PyObject *self, PyObject *args)
{
    PyObject *words, *result = NULL;
    int width;
    if (!PyArg_ParseTuple(args, "O!i", &PyList_Type, &words, &width))
        return NULL;
    if (width < 1) {
        PyErr_SetString(PyExc_ValueError, "crc32_windows: width must be positive");
        return NULL;
    }
    Py_ssize_t n_words = PyList_GET_SIZE(words), scratch_len = 256;
    Py_ssize_t count = n_words >= width ? n_words - width + 1 : 0;
    uint32_t *hashes = PyMem_Malloc((size_t)count * sizeof(uint32_t) + 1);
    uint8_t *scratch = PyMem_Malloc((size_t)scratch_len);
    if (!hashes || !scratch) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t size = 0;
        for (int k = 0; k < width; k++) {
            /* Each word is copied before the space that precedes it: copying may grow the
             * buffer, and the space goes where the last word ended. */
            Py_ssize_t copied = copy_utf8(PyList_GET_ITEM(words, i + k), size + (k > 0),
                                          &scratch, &scratch_len);
            if (copied < 0)
                goto done;
            if (k > 0)
                scratch[size] = ' ';
            size += (k > 0) + copied;
        }
        hashes[i] = crc32_of(scratch, size);
    }
    result = as_bytes(hashes, count * (Py_ssize_t)sizeof(uint32_t));
done:
    PyMem_Free(hashes);
    PyMem_Free(scratch);
    return result;
}

static PyMethodDef methods[] = {
    {"hash_rows", hash_rows, METH_VARARGS,
     "hash_rows(heads, words, low, high, prefix, n_features, bounded=False) -> (indices, "
     "counts, indptr): for each row, how often each FeatureHasher column occurs among every "
     "low..high character n-gram of heads[row] and prefix + each of words[row]; with bounded, "
     "n-grams with a space inside are skipped. A CSR matrix's int32 indices (sorted per "
     "row), float64 data and int64 indptr, as bytearrays."},
    {"hash_word_ngrams", hash_word_ngrams, METH_VARARGS,
     "hash_word_ngrams(rows, n_features) -> (indices, counts, indptr): as hash_rows, over "
     "each row's words and each pair of adjacent words joined by a space."},
    {"crc32_windows", crc32_windows, METH_VARARGS,
     "crc32_windows(words, width) -> bytearray of uint32: zlib.crc32 of the UTF-8 of every "
     "run of width consecutive words joined by single spaces, in order."},
    {"crc32_ngrams", crc32_ngrams, METH_VARARGS,
     "crc32_ngrams(text, width) -> bytearray of uint32: zlib.crc32 of the UTF-8 of every "
     "width-character slice of text, in order."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_hashing", "Feature hashing for classifier.features.", -1, methods,
};

PyMODINIT_FUNC PyInit__hashing(void)
{
    build_crc_table();
    return PyModule_Create(&module);
}
