/* zlib's inflate, deflate and crc32, for the .docx package (RedlineWord's ZipArchive). */
#include <zlib.h>
