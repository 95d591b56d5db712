// glibc's allocator controls, which the Glibc module of Swift does not bring in (malloc_trim).
#include <malloc.h>
