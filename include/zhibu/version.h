/* version.h — the program's version, in one place: `zhibu --version`, and the program_version
 * every bundle's manifest records. */
#ifndef ZHIBU_VERSION_H
#define ZHIBU_VERSION_H

#define ZHIBU_VERSION "0.1.0"

#endif
