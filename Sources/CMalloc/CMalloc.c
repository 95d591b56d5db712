// A C target needs one source file; the header is the whole of it.
#include "CMalloc.h"
