# zhibu — 支部工作台账. See README.md. `make V=1` shows full commands.
.SUFFIXES:

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc

ifeq ($(V),1)
Q :=
else
Q := @
endif

WARN     = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
           -Wwrite-strings -Werror=implicit-function-declaration
# make test builds with WERROR=1: the build is meant to be warning-free, and CI holds it to that.
ifeq ($(WERROR),1)
WARN += -Werror
endif
# The libraries with a .pc file; pkg-config runs once, into $(CONFIG_MK) (below), which sets
# PKG_CFLAGS and PKG_LIBS.
PKGS = ncursesw sqlite3 xlsxwriter libsodium minizip expat zlib
# The caller's CFLAGS (command line or environment) replace the default, with SAN=1 too.
ifeq ($(SAN),1)
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
CFLAGS  ?= -O1 -g
else
CFLAGS  ?= -O2 -g
endif
ALL_CFLAGS = -std=c11 -pthread $(WARN) -Iinclude \
             -I/usr/include/iniparser $(PKG_CFLAGS) -MMD -MP $(CFLAGS) $(SAN_FLAGS)
LDLIBS_ALL = $(PKG_LIBS) -liniparser -lm -pthread $(SAN_FLAGS)

SRCS      := $(wildcard src/*.c src/core/*.c src/store/*.c src/ui/*.c src/screens/*.c src/cli/*.c src/export/*.c)
LIB_SRCS  := $(filter-out src/main.c,$(SRCS))
UNIT_SRCS := $(wildcard tests/unit/*.c)
OBJS      := $(SRCS:%.c=$(BUILD)/%.o)
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o)
UNIT_OBJS := $(UNIT_SRCS:%.c=$(BUILD)/%.o)
# test tools (tests/tools/): built with the unit tests, never installed
TOOL_OBJS := $(BUILD)/tests/tools/forge.o
DEPS_STAMP := $(BUILD)/.deps-installed
CONFIG_MK  := $(BUILD)/config.mk

.PHONY: all run run-district test bench asan install uninstall deb clean deps deps-test unit check-layers

all: zhibu

# Missing Debian packages are installed (sudo apt-get, by scripts/install-deps.sh) only by
# make deps, and by make run and make test, which start with it; every other target only checks
# (install-deps.sh --check, when $(CONFIG_MK) is made) and says to run make deps.
deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps.sh
	@mkdir -p $(BUILD)
	$(Q)sh scripts/install-deps.sh
	@touch $@

deps-test: deps
	$(Q)sh scripts/install-deps.sh --test

# pkg-config's flags, found once (not on every compile) after the packages are there; remade
# when the Makefile, scripts/install-deps.sh or the packages (make deps) change. Included by
# every goal that compiles; the goals below do not compile here (run, test and asan start
# make again to build), so they neither need it nor make it.
NO_CONFIG_GOALS := deps deps-test check-layers run test asan clean uninstall
ifneq ($(if $(MAKECMDGOALS),$(filter-out $(NO_CONFIG_GOALS),$(MAKECMDGOALS)),all),)
include $(CONFIG_MK)
endif
$(CONFIG_MK): Makefile scripts/install-deps.sh $(wildcard $(DEPS_STAMP))
	@mkdir -p $(BUILD)
	$(Q)sh scripts/install-deps.sh --check || { rm -f $(DEPS_STAMP); exit 1; }
	$(Q)cflags=$$(pkg-config --cflags $(PKGS)) && libs=$$(pkg-config --libs $(PKGS)) || { \
	    echo "zhibu: pkg-config 找不到 $(PKGS) 中的库。请先运行 make deps" >&2; \
	    rm -f $(DEPS_STAMP); exit 1; }; \
	printf '# made by make from pkg-config (see CONFIG_MK in the Makefile): do not edit\n' >$@.tmp; \
	printf 'PKG_CFLAGS := %s\nPKG_LIBS := %s\n' "$$cflags" "$$libs" >>$@.tmp; \
	mv $@.tmp $@

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/zhibu: $(OBJS)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS_ALL)

$(BUILD)/unit_tests: $(UNIT_OBJS) $(LIB_OBJS)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJS) $(LIB_OBJS) $(LDLIBS_ALL)

# forge: re-signs a changed bundle for the tests (tests/tools/forge.c)
$(BUILD)/forge: $(TOOL_OBJS) $(LIB_OBJS)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(TOOL_OBJS) $(LIB_OBJS) $(LDLIBS_ALL)

unit: $(BUILD)/zhibu $(BUILD)/unit_tests $(BUILD)/forge

ifeq ($(BUILD),build)
zhibu: $(BUILD)/zhibu
	$(Q)cp $(BUILD)/zhibu zhibu
endif

demo.db: | zhibu
	./zhibu demo --db demo.db

run: deps
	$(Q)$(MAKE) --no-print-directory zhibu demo.db
	./zhibu --db demo.db

# the district (issue 18): townships, their month bundles, 复审 and 督查 (quxian, ducha1, admin)
demo-district.db: | zhibu
	./zhibu demo --district --db demo-district.db

run-district: deps
	$(Q)$(MAKE) --no-print-directory zhibu demo-district.db
	./zhibu --db demo-district.db

# The house rules the compiler cannot see (layers, file length, distinct names): README,
# Hacking, Conventions; known exceptions in scripts/layers-allow.txt.
check-layers:
	$(Q)sh scripts/check-layers.sh

# The layer check, then the whole suite twice: a normal build, then AddressSanitizer + UBSan.
test: deps-test check-layers
	$(Q)$(MAKE) --no-print-directory WERROR=1 unit
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan SAN=1 WERROR=1 unit
	$(Q)sh tests/run-all.sh build build-asan

asan:
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan SAN=1 unit

# Saves the whole-screen dumps tests/screens/dumps/*.txt anew (tests/screens/dumps.sh with
# UPDATE=1), for a change meant to alter a screen: review `git diff tests/screens/dumps`.
.PHONY: update-dumps
update-dumps: $(BUILD)/zhibu
	$(Q)UPDATE=1 ZHIBU=$(CURDIR)/$(BUILD)/zhibu sh tests/screens/dumps.sh

bench: zhibu
	$(Q)sh bench/run.sh

# make install [PREFIX=/usr/local] [DESTDIR=]: the program, the man page, and the configuration
# as /etc/zhibu/zhibu.ini (where the program looks for it). A configuration already there is
# never overwritten: when it differs from the shipped one, the shipped one goes beside it as
# zhibu.ini.dist. make uninstall removes the program, the man page and zhibu.ini.dist, and the
# configuration only while it is still the shipped one; databases are never touched.
MANDIR  ?= $(PREFIX)/share/man
ETCDIR   = $(DESTDIR)/etc/zhibu
INSTALL_BIN ?= $(BUILD)/zhibu
install: $(INSTALL_BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(ETCDIR)
	install -m 755 $(INSTALL_BIN) $(DESTDIR)$(PREFIX)/bin/zhibu
	install -m 644 config/zhibu.1 $(DESTDIR)$(MANDIR)/man1/zhibu.1
	$(Q)if [ ! -e $(ETCDIR)/zhibu.ini ]; then \
	    install -m 644 config/zhibu.ini $(ETCDIR)/zhibu.ini; \
	    echo "  已安装配置文件 $(ETCDIR)/zhibu.ini"; \
	elif cmp -s config/zhibu.ini $(ETCDIR)/zhibu.ini; then \
	    echo "  配置文件 $(ETCDIR)/zhibu.ini 已是最新"; \
	else \
	    install -m 644 config/zhibu.ini $(ETCDIR)/zhibu.ini.dist; \
	    echo "  保留已修改的配置文件 $(ETCDIR)/zhibu.ini；新版默认配置另存为 $(ETCDIR)/zhibu.ini.dist"; \
	fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/zhibu $(DESTDIR)$(MANDIR)/man1/zhibu.1 $(ETCDIR)/zhibu.ini.dist
	$(Q)if [ -e $(ETCDIR)/zhibu.ini ]; then \
	    if cmp -s config/zhibu.ini $(ETCDIR)/zhibu.ini; then \
	        rm -f $(ETCDIR)/zhibu.ini; rmdir $(ETCDIR) 2>/dev/null || true; \
	    else \
	        echo "  保留已修改的配置文件 $(ETCDIR)/zhibu.ini（不需要时请手工删除）"; \
	    fi; \
	fi

# make deb: zhibu_VERSION_ARCH.deb in build/ from the normal build (scripts/make-deb.sh;
# Depends is derived from the libraries the binary links).
deb: $(BUILD)/zhibu
	$(if $(filter 1,$(SAN)),$(error make deb packages the normal build: run it without SAN=1))
	$(Q)sh scripts/install-deps.sh --deb
	$(Q)sh scripts/make-deb.sh $(BUILD)/zhibu $(BUILD)

clean:
	rm -rf build/*.o build/src build/tests build/zhibu build/unit_tests build/forge build/*.deb build/config.mk build-asan zhibu

-include $(OBJS:.o=.d) $(UNIT_OBJS:.o=.d) $(TOOL_OBJS:.o=.d)
