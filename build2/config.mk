# made by make from pkg-config (see CONFIG_MK in the Makefile): do not edit
PKG_CFLAGS := -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 -I/usr/include/minizip 
PKG_LIBS := -lncursesw -ltinfo -lsqlite3 -lxlsxwriter -lsodium -lminizip -lexpat -lz 
