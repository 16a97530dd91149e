/* render.c: the layout of html_ documents into terminal lines: display
 * width (Unicode 15 East Asian Width and combining marks, locale-free),
 * line breaking (spaces for Latin and Korean; any character boundary for
 * Chinese and Japanese, with simple kinsoku shori), and the cleaning of
 * escape sequences and controls from everything shown; also a story as
 * Markdown and a safe file name stem for it. */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl.h"
#include "html.h"
#include "render.h"

#define RENDER_MIN_WIDTH	8
#define RENDER_MAX_DEPTH	16
#define RENDER_CAP		(512u * 1024 * 1024)
#define RENDER_TAB		8

struct render_range {
	uint32_t	 lo;
	uint32_t	 hi;
};

/* Generated from Unicode 14 data (Python's unicodedata) plus the Unicode
 * 15 additions: East Asian Width W and F, and the whole CJK ideograph
 * blocks and planes 2-3 whose default is W. Emoji with default emoji
 * presentation are W in this data. */
static const struct render_range render_wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x2e99 },
	{ 0x2e9b, 0x2ef3 }, { 0x2f00, 0x2fd5 }, { 0x2ff0, 0x2ffb },
	{ 0x3000, 0x3029 }, { 0x302e, 0x303e }, { 0x3041, 0x3096 },
	{ 0x309b, 0x30ff }, { 0x3105, 0x312f }, { 0x3131, 0x318e },
	{ 0x3190, 0x31e3 }, { 0x31f0, 0x321e }, { 0x3220, 0x3247 },
	{ 0x3250, 0x4dbf }, { 0x4e00, 0xa48c }, { 0xa490, 0xa4c6 },
	{ 0xa960, 0xa97c }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff },
	{ 0xfe10, 0xfe19 }, { 0xfe30, 0xfe52 }, { 0xfe54, 0xfe66 },
	{ 0xfe68, 0xfe6b }, { 0xff01, 0xff60 }, { 0xffe0, 0xffe6 },
	{ 0x16fe0, 0x16fe3 }, { 0x16ff0, 0x16ff1 }, { 0x17000, 0x187f7 },
	{ 0x18800, 0x18cd5 }, { 0x18d00, 0x18d08 }, { 0x1aff0, 0x1aff3 },
	{ 0x1aff5, 0x1affb }, { 0x1affd, 0x1affe }, { 0x1b000, 0x1b122 },
	{ 0x1b132, 0x1b132 }, { 0x1b150, 0x1b152 }, { 0x1b155, 0x1b155 },
	{ 0x1b164, 0x1b167 }, { 0x1b170, 0x1b2fb }, { 0x1f004, 0x1f004 },
	{ 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a },
	{ 0x1f200, 0x1f202 }, { 0x1f210, 0x1f23b }, { 0x1f240, 0x1f248 },
	{ 0x1f250, 0x1f251 }, { 0x1f260, 0x1f265 }, { 0x1f300, 0x1f320 },
	{ 0x1f32d, 0x1f335 }, { 0x1f337, 0x1f37c }, { 0x1f37e, 0x1f393 },
	{ 0x1f3a0, 0x1f3ca }, { 0x1f3cf, 0x1f3d3 }, { 0x1f3e0, 0x1f3f0 },
	{ 0x1f3f4, 0x1f3f4 }, { 0x1f3f8, 0x1f43e }, { 0x1f440, 0x1f440 },
	{ 0x1f442, 0x1f4fc }, { 0x1f4ff, 0x1f53d }, { 0x1f54b, 0x1f54e },
	{ 0x1f550, 0x1f567 }, { 0x1f57a, 0x1f57a }, { 0x1f595, 0x1f596 },
	{ 0x1f5a4, 0x1f5a4 }, { 0x1f5fb, 0x1f64f }, { 0x1f680, 0x1f6c5 },
	{ 0x1f6cc, 0x1f6cc }, { 0x1f6d0, 0x1f6d2 }, { 0x1f6d5, 0x1f6d7 },
	{ 0x1f6dc, 0x1f6df }, { 0x1f6eb, 0x1f6ec }, { 0x1f6f4, 0x1f6fc },
	{ 0x1f7e0, 0x1f7eb }, { 0x1f7f0, 0x1f7f0 }, { 0x1f90c, 0x1f93a },
	{ 0x1f93c, 0x1f945 }, { 0x1f947, 0x1f9ff }, { 0x1fa70, 0x1fa7c },
	{ 0x1fa80, 0x1fa88 }, { 0x1fa90, 0x1fabd }, { 0x1fabf, 0x1fac5 },
	{ 0x1face, 0x1fadb }, { 0x1fae0, 0x1fae8 }, { 0x1faf0, 0x1faf8 },
	{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

/* General categories Mn, Me and Cf, conjoining Hangul jamo (medial and
 * final), soft hyphen; plus the Unicode 15 combining marks. */
static const struct render_range render_zero[] = {
	{ 0x00ad, 0x00ad }, { 0x0300, 0x036f }, { 0x0483, 0x0489 },
	{ 0x0591, 0x05bd }, { 0x05bf, 0x05bf }, { 0x05c1, 0x05c2 },
	{ 0x05c4, 0x05c5 }, { 0x05c7, 0x05c7 }, { 0x0600, 0x0605 },
	{ 0x0610, 0x061a }, { 0x061c, 0x061c }, { 0x064b, 0x065f },
	{ 0x0670, 0x0670 }, { 0x06d6, 0x06dd }, { 0x06df, 0x06e4 },
	{ 0x06e7, 0x06e8 }, { 0x06ea, 0x06ed }, { 0x070f, 0x070f },
	{ 0x0711, 0x0711 }, { 0x0730, 0x074a }, { 0x07a6, 0x07b0 },
	{ 0x07eb, 0x07f3 }, { 0x07fd, 0x07fd }, { 0x0816, 0x0819 },
	{ 0x081b, 0x0823 }, { 0x0825, 0x0827 }, { 0x0829, 0x082d },
	{ 0x0859, 0x085b }, { 0x0890, 0x0891 }, { 0x0898, 0x089f },
	{ 0x08ca, 0x0902 }, { 0x093a, 0x093a }, { 0x093c, 0x093c },
	{ 0x0941, 0x0948 }, { 0x094d, 0x094d }, { 0x0951, 0x0957 },
	{ 0x0962, 0x0963 }, { 0x0981, 0x0981 }, { 0x09bc, 0x09bc },
	{ 0x09c1, 0x09c4 }, { 0x09cd, 0x09cd }, { 0x09e2, 0x09e3 },
	{ 0x09fe, 0x09fe }, { 0x0a01, 0x0a02 }, { 0x0a3c, 0x0a3c },
	{ 0x0a41, 0x0a42 }, { 0x0a47, 0x0a48 }, { 0x0a4b, 0x0a4d },
	{ 0x0a51, 0x0a51 }, { 0x0a70, 0x0a71 }, { 0x0a75, 0x0a75 },
	{ 0x0a81, 0x0a82 }, { 0x0abc, 0x0abc }, { 0x0ac1, 0x0ac5 },
	{ 0x0ac7, 0x0ac8 }, { 0x0acd, 0x0acd }, { 0x0ae2, 0x0ae3 },
	{ 0x0afa, 0x0aff }, { 0x0b01, 0x0b01 }, { 0x0b3c, 0x0b3c },
	{ 0x0b3f, 0x0b3f }, { 0x0b41, 0x0b44 }, { 0x0b4d, 0x0b4d },
	{ 0x0b55, 0x0b56 }, { 0x0b62, 0x0b63 }, { 0x0b82, 0x0b82 },
	{ 0x0bc0, 0x0bc0 }, { 0x0bcd, 0x0bcd }, { 0x0c00, 0x0c00 },
	{ 0x0c04, 0x0c04 }, { 0x0c3c, 0x0c3c }, { 0x0c3e, 0x0c40 },
	{ 0x0c46, 0x0c48 }, { 0x0c4a, 0x0c4d }, { 0x0c55, 0x0c56 },
	{ 0x0c62, 0x0c63 }, { 0x0c81, 0x0c81 }, { 0x0cbc, 0x0cbc },
	{ 0x0cbf, 0x0cbf }, { 0x0cc6, 0x0cc6 }, { 0x0ccc, 0x0ccd },
	{ 0x0ce2, 0x0ce3 }, { 0x0d00, 0x0d01 }, { 0x0d3b, 0x0d3c },
	{ 0x0d41, 0x0d44 }, { 0x0d4d, 0x0d4d }, { 0x0d62, 0x0d63 },
	{ 0x0d81, 0x0d81 }, { 0x0dca, 0x0dca }, { 0x0dd2, 0x0dd4 },
	{ 0x0dd6, 0x0dd6 }, { 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a },
	{ 0x0e47, 0x0e4e }, { 0x0eb1, 0x0eb1 }, { 0x0eb4, 0x0ebc },
	{ 0x0ec8, 0x0ecd }, { 0x0f18, 0x0f19 }, { 0x0f35, 0x0f35 },
	{ 0x0f37, 0x0f37 }, { 0x0f39, 0x0f39 }, { 0x0f71, 0x0f7e },
	{ 0x0f80, 0x0f84 }, { 0x0f86, 0x0f87 }, { 0x0f8d, 0x0f97 },
	{ 0x0f99, 0x0fbc }, { 0x0fc6, 0x0fc6 }, { 0x102d, 0x1030 },
	{ 0x1032, 0x1037 }, { 0x1039, 0x103a }, { 0x103d, 0x103e },
	{ 0x1058, 0x1059 }, { 0x105e, 0x1060 }, { 0x1071, 0x1074 },
	{ 0x1082, 0x1082 }, { 0x1085, 0x1086 }, { 0x108d, 0x108d },
	{ 0x109d, 0x109d }, { 0x1160, 0x11ff }, { 0x135d, 0x135f },
	{ 0x1712, 0x1714 }, { 0x1732, 0x1733 }, { 0x1752, 0x1753 },
	{ 0x1772, 0x1773 }, { 0x17b4, 0x17b5 }, { 0x17b7, 0x17bd },
	{ 0x17c6, 0x17c6 }, { 0x17c9, 0x17d3 }, { 0x17dd, 0x17dd },
	{ 0x180b, 0x180f }, { 0x1885, 0x1886 }, { 0x18a9, 0x18a9 },
	{ 0x1920, 0x1922 }, { 0x1927, 0x1928 }, { 0x1932, 0x1932 },
	{ 0x1939, 0x193b }, { 0x1a17, 0x1a18 }, { 0x1a1b, 0x1a1b },
	{ 0x1a56, 0x1a56 }, { 0x1a58, 0x1a5e }, { 0x1a60, 0x1a60 },
	{ 0x1a62, 0x1a62 }, { 0x1a65, 0x1a6c }, { 0x1a73, 0x1a7c },
	{ 0x1a7f, 0x1a7f }, { 0x1ab0, 0x1ace }, { 0x1b00, 0x1b03 },
	{ 0x1b34, 0x1b34 }, { 0x1b36, 0x1b3a }, { 0x1b3c, 0x1b3c },
	{ 0x1b42, 0x1b42 }, { 0x1b6b, 0x1b73 }, { 0x1b80, 0x1b81 },
	{ 0x1ba2, 0x1ba5 }, { 0x1ba8, 0x1ba9 }, { 0x1bab, 0x1bad },
	{ 0x1be6, 0x1be6 }, { 0x1be8, 0x1be9 }, { 0x1bed, 0x1bed },
	{ 0x1bef, 0x1bf1 }, { 0x1c2c, 0x1c33 }, { 0x1c36, 0x1c37 },
	{ 0x1cd0, 0x1cd2 }, { 0x1cd4, 0x1ce0 }, { 0x1ce2, 0x1ce8 },
	{ 0x1ced, 0x1ced }, { 0x1cf4, 0x1cf4 }, { 0x1cf8, 0x1cf9 },
	{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x202a, 0x202e },
	{ 0x2060, 0x2064 }, { 0x2066, 0x206f }, { 0x20d0, 0x20f0 },
	{ 0x2cef, 0x2cf1 }, { 0x2d7f, 0x2d7f }, { 0x2de0, 0x2dff },
	{ 0x302a, 0x302d }, { 0x3099, 0x309a }, { 0xa66f, 0xa672 },
	{ 0xa674, 0xa67d }, { 0xa69e, 0xa69f }, { 0xa6f0, 0xa6f1 },
	{ 0xa802, 0xa802 }, { 0xa806, 0xa806 }, { 0xa80b, 0xa80b },
	{ 0xa825, 0xa826 }, { 0xa82c, 0xa82c }, { 0xa8c4, 0xa8c5 },
	{ 0xa8e0, 0xa8f1 }, { 0xa8ff, 0xa8ff }, { 0xa926, 0xa92d },
	{ 0xa947, 0xa951 }, { 0xa980, 0xa982 }, { 0xa9b3, 0xa9b3 },
	{ 0xa9b6, 0xa9b9 }, { 0xa9bc, 0xa9bd }, { 0xa9e5, 0xa9e5 },
	{ 0xaa29, 0xaa2e }, { 0xaa31, 0xaa32 }, { 0xaa35, 0xaa36 },
	{ 0xaa43, 0xaa43 }, { 0xaa4c, 0xaa4c }, { 0xaa7c, 0xaa7c },
	{ 0xaab0, 0xaab0 }, { 0xaab2, 0xaab4 }, { 0xaab7, 0xaab8 },
	{ 0xaabe, 0xaabf }, { 0xaac1, 0xaac1 }, { 0xaaec, 0xaaed },
	{ 0xaaf6, 0xaaf6 }, { 0xabe5, 0xabe5 }, { 0xabe8, 0xabe8 },
	{ 0xabed, 0xabed }, { 0xd7b0, 0xd7ff }, { 0xfb1e, 0xfb1e },
	{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	{ 0xfff9, 0xfffb }, { 0x101fd, 0x101fd }, { 0x102e0, 0x102e0 },
	{ 0x10376, 0x1037a }, { 0x10a01, 0x10a03 }, { 0x10a05, 0x10a06 },
	{ 0x10a0c, 0x10a0f }, { 0x10a38, 0x10a3a }, { 0x10a3f, 0x10a3f },
	{ 0x10ae5, 0x10ae6 }, { 0x10d24, 0x10d27 }, { 0x10eab, 0x10eac },
	{ 0x10efd, 0x10eff }, { 0x10f46, 0x10f50 }, { 0x10f82, 0x10f85 },
	{ 0x11001, 0x11001 }, { 0x11038, 0x11046 }, { 0x11070, 0x11070 },
	{ 0x11073, 0x11074 }, { 0x1107f, 0x11081 }, { 0x110b3, 0x110b6 },
	{ 0x110b9, 0x110ba }, { 0x110bd, 0x110bd }, { 0x110c2, 0x110c2 },
	{ 0x110cd, 0x110cd }, { 0x11100, 0x11102 }, { 0x11127, 0x1112b },
	{ 0x1112d, 0x11134 }, { 0x11173, 0x11173 }, { 0x11180, 0x11181 },
	{ 0x111b6, 0x111be }, { 0x111c9, 0x111cc }, { 0x111cf, 0x111cf },
	{ 0x1122f, 0x11231 }, { 0x11234, 0x11234 }, { 0x11236, 0x11237 },
	{ 0x1123e, 0x1123e }, { 0x112df, 0x112df }, { 0x112e3, 0x112ea },
	{ 0x11300, 0x11301 }, { 0x1133b, 0x1133c }, { 0x11340, 0x11340 },
	{ 0x11366, 0x1136c }, { 0x11370, 0x11374 }, { 0x11438, 0x1143f },
	{ 0x11442, 0x11444 }, { 0x11446, 0x11446 }, { 0x1145e, 0x1145e },
	{ 0x114b3, 0x114b8 }, { 0x114ba, 0x114ba }, { 0x114bf, 0x114c0 },
	{ 0x114c2, 0x114c3 }, { 0x115b2, 0x115b5 }, { 0x115bc, 0x115bd },
	{ 0x115bf, 0x115c0 }, { 0x115dc, 0x115dd }, { 0x11633, 0x1163a },
	{ 0x1163d, 0x1163d }, { 0x1163f, 0x11640 }, { 0x116ab, 0x116ab },
	{ 0x116ad, 0x116ad }, { 0x116b0, 0x116b5 }, { 0x116b7, 0x116b7 },
	{ 0x1171d, 0x1171f }, { 0x11722, 0x11725 }, { 0x11727, 0x1172b },
	{ 0x1182f, 0x11837 }, { 0x11839, 0x1183a }, { 0x1193b, 0x1193c },
	{ 0x1193e, 0x1193e }, { 0x11943, 0x11943 }, { 0x119d4, 0x119d7 },
	{ 0x119da, 0x119db }, { 0x119e0, 0x119e0 }, { 0x11a01, 0x11a0a },
	{ 0x11a33, 0x11a38 }, { 0x11a3b, 0x11a3e }, { 0x11a47, 0x11a47 },
	{ 0x11a51, 0x11a56 }, { 0x11a59, 0x11a5b }, { 0x11a8a, 0x11a96 },
	{ 0x11a98, 0x11a99 }, { 0x11c30, 0x11c36 }, { 0x11c38, 0x11c3d },
	{ 0x11c3f, 0x11c3f }, { 0x11c92, 0x11ca7 }, { 0x11caa, 0x11cb0 },
	{ 0x11cb2, 0x11cb3 }, { 0x11cb5, 0x11cb6 }, { 0x11d31, 0x11d36 },
	{ 0x11d3a, 0x11d3a }, { 0x11d3c, 0x11d3d }, { 0x11d3f, 0x11d45 },
	{ 0x11d47, 0x11d47 }, { 0x11d90, 0x11d91 }, { 0x11d95, 0x11d95 },
	{ 0x11d97, 0x11d97 }, { 0x11ef3, 0x11ef4 }, { 0x11f00, 0x11f01 },
	{ 0x11f36, 0x11f3a }, { 0x11f40, 0x11f40 }, { 0x11f42, 0x11f42 },
	{ 0x13430, 0x13440 }, { 0x13447, 0x13455 }, { 0x16af0, 0x16af4 },
	{ 0x16b30, 0x16b36 }, { 0x16f4f, 0x16f4f }, { 0x16f8f, 0x16f92 },
	{ 0x16fe4, 0x16fe4 }, { 0x1bc9d, 0x1bc9e }, { 0x1bca0, 0x1bca3 },
	{ 0x1cf00, 0x1cf2d }, { 0x1cf30, 0x1cf46 }, { 0x1d167, 0x1d169 },
	{ 0x1d173, 0x1d182 }, { 0x1d185, 0x1d18b }, { 0x1d1aa, 0x1d1ad },
	{ 0x1d242, 0x1d244 }, { 0x1da00, 0x1da36 }, { 0x1da3b, 0x1da6c },
	{ 0x1da75, 0x1da75 }, { 0x1da84, 0x1da84 }, { 0x1da9b, 0x1da9f },
	{ 0x1daa1, 0x1daaf }, { 0x1e000, 0x1e006 }, { 0x1e008, 0x1e018 },
	{ 0x1e01b, 0x1e021 }, { 0x1e023, 0x1e024 }, { 0x1e026, 0x1e02a },
	{ 0x1e08f, 0x1e08f }, { 0x1e130, 0x1e136 }, { 0x1e2ae, 0x1e2ae },
	{ 0x1e2ec, 0x1e2ef }, { 0x1e4ec, 0x1e4ef }, { 0x1e8d0, 0x1e8d6 },
	{ 0x1e944, 0x1e94a }, { 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f },
	{ 0xe0100, 0xe01ef },
};

/* Characters that never start a line, and that never end one (a simple
 * kinsoku shori rule set, after JIS X 4051's classes), sorted. */
static const uint32_t render_nostart[] = {
	0x0021, 0x0029, 0x002c, 0x002e, 0x003a, 0x003b, 0x003f, 0x005d,
	0x007d, 0x2019, 0x201d, 0x2025, 0x2026, 0x203c, 0x2047, 0x2048,
	0x2049, 0x3001, 0x3002, 0x3005, 0x3009, 0x300b, 0x300d, 0x300f,
	0x3011, 0x3015, 0x3017, 0x3019, 0x301b, 0x301e, 0x301f, 0x303b,
	0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085,
	0x3087, 0x308e, 0x3095, 0x3096, 0x309d, 0x309e, 0x30a1, 0x30a3,
	0x30a5, 0x30a7, 0x30a9, 0x30c3, 0x30e3, 0x30e5, 0x30e7, 0x30ee,
	0x30f5, 0x30f6, 0x30fb, 0x30fc, 0x30fd, 0x30fe, 0xff01, 0xff09,
	0xff0c, 0xff0e, 0xff1a, 0xff1b, 0xff1f, 0xff3d, 0xff5d, 0xff61,
	0xff63, 0xff64, 0xff65, 0xff67, 0xff68, 0xff69, 0xff6a, 0xff6b,
	0xff6c, 0xff6d, 0xff6e, 0xff6f, 0xff70,
};

static const uint32_t render_noend[] = {
	0x0028, 0x005b, 0x007b, 0x2018, 0x201c, 0x3008, 0x300a, 0x300c,
	0x300e, 0x3010, 0x3014, 0x3016, 0x3018, 0x301a, 0x301d, 0xff08,
	0xff3b, 0xff5b, 0xff62,
};

/* A growing array of runs. */
struct render_runs {
	struct render_run	*v;
	size_t			 n;
	size_t			 cap;
};

struct render_out {
	struct dl_buf		 text;	/* every line, each NUL-terminated */
	struct render_line	*lines;
	size_t			*loff;	/* line text offsets while building */
	size_t			*roff;	/* line first-run index */
	size_t			*lblock; /* line source block */
	size_t			*lsrc;	/* its offset in the block's text */
	size_t			 nlines;
	size_t			 linecap;
	struct render_runs	 runs;
	char			**links;
	size_t			 nlinks;
};

/* The layout of one document. */
struct render_ctx {
	const struct html_doc	*doc;
	struct render_out	*out;
	int			 width;
	int			*linkno;	/* per doc url; 0 unnumbered */
	struct dl_buf		 ct;		/* the block's clean text */
	struct render_runs	 cruns;		/* its styles (off, flags) */
	int			 cols[RENDER_MAX_DEPTH + 1];
	size_t			 blockno;	/* the block laid out */
	size_t			 srcoff;	/* where its next line starts */

	/* The block's indentation. */
	int			 quote;
	int			 indent;
	char			 marker[16];
	int			 markerw;
	int			 first;		/* next line shows the marker */
	unsigned int		 base;		/* flags of the whole block */
	int			 avail;		/* columns for text */
	int			 maxw;		/* widest text line */
};

/* A UTF-8 reader that yields only what may reach a terminal. */
struct render_dec {
	const char		*s;
	size_t			 len;
	size_t			 i;
};

static int
render_in(uint32_t cp, const struct render_range *r, size_t n)
{
	size_t	 lo = 0, hi = n;

	if (cp < r[0].lo || cp > r[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp > r[mid].hi)
			lo = mid + 1;
		else if (cp < r[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

static int
render_in_list(uint32_t cp, const uint32_t *v, size_t n)
{
	size_t	 lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp > v[mid])
			lo = mid + 1;
		else if (cp < v[mid])
			hi = mid;
		else
			return 1;
	}
	return 0;
}

int
render_width_cp(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7f)
		return 1;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xad)
		return 0;
	/* Fast paths for the scripts news text is mostly written in. */
	if (cp < 0x300 || (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0xac00 && cp <= 0xd7a3))
		return cp < 0x300 ? 1 : 2;
	if (cp >= 0x3041 && cp <= 0x30ff)
		return cp == 0x3099 || cp == 0x309a ? 0 : 2;
	if (render_in(cp, render_zero, sizeof render_zero /
	    sizeof render_zero[0]))
		return 0;
	if (render_in(cp, render_wide, sizeof render_wide /
	    sizeof render_wide[0]))
		return 2;
	return 1;
}

int
render_width(const char *s, size_t len)
{
	size_t		 i = 0;
	uint32_t	 cp;
	int		 w = 0;

	while (i < len) {
		i += dl_utf8_decode(s + i, len - i, &cp);
		w += render_width_cp(cp);
	}
	return w;
}

static uint32_t
render_dec_get(struct render_dec *d)
{
	uint32_t	 cp;

	d->i += dl_utf8_decode(d->s + d->i, d->len - d->i, &cp);
	return cp;
}

static uint32_t
render_dec_peek(const struct render_dec *d)
{
	uint32_t	 cp;

	if (d->i >= d->len)
		return 0;
	dl_utf8_decode(d->s + d->i, d->len - d->i, &cp);
	return cp;
}

/* Skip an OSC/DCS/SOS/PM/APC string up to its terminator (BEL, ST, ESC
 * \), or up to a newline so that damage stays on one line. */
static void
render_skip_string(struct render_dec *d)
{
	uint32_t	 cp;

	while (d->i < d->len) {
		cp = render_dec_peek(d);
		if (cp == '\n')
			return;
		render_dec_get(d);
		if (cp == 0x07 || cp == 0x9c)
			return;
		if (cp == 0x1b) {
			if (render_dec_peek(d) == '\\')
				render_dec_get(d);
			return;
		}
	}
}

/* Skip CSI parameters and intermediates and the final byte. */
static void
render_skip_csi(struct render_dec *d)
{
	uint32_t	 cp;

	while ((cp = render_dec_peek(d)) >= 0x20 && cp <= 0x3f)
		render_dec_get(d);
	while ((cp = render_dec_peek(d)) >= 0x20 && cp <= 0x2f)
		render_dec_get(d);
	if (cp >= 0x40 && cp <= 0x7e)
		render_dec_get(d);
}

/* After ESC: the rest of the sequence it introduces (ECMA-48). */
static void
render_skip_esc(struct render_dec *d)
{
	uint32_t	 cp = render_dec_peek(d);

	if (cp == '[') {
		render_dec_get(d);
		render_skip_csi(d);
	} else if (cp == ']' || cp == 'P' || cp == 'X' || cp == '^' ||
	    cp == '_') {
		render_dec_get(d);
		render_skip_string(d);
	} else if (cp >= 0x20 && cp <= 0x2f) {
		while ((cp = render_dec_peek(d)) >= 0x20 && cp <= 0x2f)
			render_dec_get(d);
		if (cp >= 0x30 && cp <= 0x7e)
			render_dec_get(d);
	} else if (cp >= 0x30 && cp <= 0x7e) {
		render_dec_get(d);
	}
}

static int
render_unsafe(uint32_t cp)
{
	return (cp < 0x20 && cp != '\n' && cp != '\t') ||
	    (cp >= 0x7f && cp < 0xa0) || cp == 0xad ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The next code point that may be shown (tab and newline included), or
 * -1 at the end; *at is where its bytes began. */
static int64_t
render_dec_next(struct render_dec *d, size_t *at)
{
	uint32_t	 cp;

	while (d->i < d->len) {
		*at = d->i;
		cp = render_dec_get(d);
		if (cp == 0x1b)
			render_skip_esc(d);
		else if (cp == 0x9b)
			render_skip_csi(d);
		else if (cp == 0x9d || cp == 0x90 || cp == 0x98 ||
		    cp == 0x9e || cp == 0x9f)
			render_skip_string(d);
		else if (!render_unsafe(cp))
			return cp;
	}
	return -1;
}

char *
render_clean(const char *s)
{
	struct render_dec	 d;
	struct dl_buf		 b;
	int64_t			 cp;
	size_t			 at;

	if (s == NULL)
		s = "";
	d.s = s;
	d.len = strlen(s);
	d.i = 0;
	dl_buf_init(&b, RENDER_CAP);
	while ((cp = render_dec_next(&d, &at)) != -1) {
		if (cp == '\n' || cp == '\t')
			cp = ' ';
		dl_buf_add_utf8(&b, (uint32_t)cp);
	}
	return dl_buf_take(&b);
}

/* Where a cut must stop: after the last whole character of s that ends
 * at or before col columns; *w is the width kept. */
static size_t
render_cut(const char *s, int col, int *w)
{
	size_t		 i = 0, n, len = strlen(s);
	uint32_t	 cp;
	int		 cw;

	*w = 0;
	while (i < len) {
		n = dl_utf8_decode(s + i, len - i, &cp);
		cw = render_width_cp(cp);
		if (*w + cw > col)
			break;
		*w += cw;
		i += n;
	}
	return i;
}

char *
render_truncate(const char *s, int width, int flags)
{
	char		*c, *r;
	struct dl_buf	 b;
	size_t		 keep;
	int		 w, cut;

	if (width <= 0)
		return dl_strdup("");
	c = render_clean(s);
	w = render_width(c, strlen(c));
	cut = w > width;
	keep = render_cut(c, cut ? width - 1 : width, &w);
	dl_buf_init(&b, RENDER_CAP);
	dl_buf_add(&b, c, keep);
	if (cut || (flags & RENDER_TRUNC_PAD)) {
		for (; w < (cut ? width - 1 : width); w++)
			dl_buf_addc(&b, ' ');
	}
	if (cut)
		dl_buf_adds(&b, "\xe2\x80\xa6");
	r = dl_buf_take(&b);
	free(c);
	return r;
}

static void
render_runs_add(struct render_runs *r, size_t off, size_t len,
    unsigned int flags, int link)
{
	struct render_run	*last;

	if (r->n > 0) {
		last = &r->v[r->n - 1];
		if (last->flags == flags && last->link == link &&
		    last->off + last->len == off) {
			last->len += len;
			return;
		}
	}
	if (r->n == r->cap) {
		r->cap = r->cap == 0 ? 64 : r->cap * 2;
		r->v = dl_reallocarray(r->v, r->cap, sizeof *r->v);
	}
	r->v[r->n].off = off;
	r->v[r->n].len = len;
	r->v[r->n].flags = flags;
	r->v[r->n].link = link;
	r->n++;
}

/* Start a line in the output. */
static void
render_line_begin(struct render_ctx *c)
{
	struct render_out	*o = c->out;

	if (o->nlines == o->linecap) {
		o->linecap = o->linecap == 0 ? 256 : o->linecap * 2;
		o->loff = dl_reallocarray(o->loff, o->linecap,
		    sizeof *o->loff);
		o->roff = dl_reallocarray(o->roff, o->linecap,
		    sizeof *o->roff);
		o->lblock = dl_reallocarray(o->lblock, o->linecap,
		    sizeof *o->lblock);
		o->lsrc = dl_reallocarray(o->lsrc, o->linecap,
		    sizeof *o->lsrc);
	}
	o->loff[o->nlines] = o->text.len;
	o->roff[o->nlines] = o->runs.n;
	o->lblock[o->nlines] = c->blockno;
	o->lsrc[o->nlines] = c->srcoff;
	o->nlines++;
}

/* Add text to the current line; runs are kept relative to the line and
 * never merge into the line before. */
static void
render_line_add(struct render_ctx *c, const char *p, size_t n,
    unsigned int flags, int link)
{
	struct render_out	*o = c->out;
	size_t			 start = o->loff[o->nlines - 1];
	struct render_run	*last;

	if (n == 0 || dl_buf_add(&o->text, p, n) != 0)
		return;
	if (o->runs.n > o->roff[o->nlines - 1]) {
		last = &o->runs.v[o->runs.n - 1];
		if (last->flags == flags && last->link == link) {
			last->len += n;
			return;
		}
	}
	render_runs_add(&o->runs, o->text.len - n - start, n, flags, link);
}

static void
render_line_end(struct render_ctx *c)
{
	dl_buf_addc(&c->out->text, '\0');
}

static void
render_line_blank(struct render_ctx *c, int quote)
{
	int	 i;

	render_line_begin(c);
	for (i = 0; i < quote; i++)
		render_line_add(c, i + 1 < quote ? "\xe2\x94\x82 " :
		    "\xe2\x94\x82", i + 1 < quote ? 4 : 3, RENDER_QUOTE, 0);
	render_line_end(c);
}

/* Quote bars, indentation and the list marker (or its width in spaces on
 * the lines after the first). */
static void
render_prefix(struct render_ctx *c)
{
	int	 i;

	render_line_begin(c);
	for (i = 0; i < c->quote; i++)
		render_line_add(c, "\xe2\x94\x82 ", 4, RENDER_QUOTE, 0);
	for (i = 0; i < c->indent; i++)
		render_line_add(c, " ", 1, 0, 0);
	if (c->first)
		render_line_add(c, c->marker, strlen(c->marker),
		    RENDER_BULLET, 0);
	else
		for (i = 0; i < c->markerw; i++)
			render_line_add(c, " ", 1, 0, 0);
	c->first = 0;
}

/* Add ct[a, b) to the current line, with the styles of the runs it
 * crosses; *ri is the run where the search starts and is left where it
 * ended. */
static void
render_emit_part(struct render_ctx *c, size_t a, size_t b, size_t *ri)
{
	const struct render_runs	*r = &c->cruns;
	size_t				 s, e;

	while (*ri < r->n && r->v[*ri].off + r->v[*ri].len <= a)
		(*ri)++;
	for (; *ri < r->n && r->v[*ri].off < b; (*ri)++) {
		s = r->v[*ri].off > a ? r->v[*ri].off : a;
		e = r->v[*ri].off + r->v[*ri].len;
		if (e > b)
			e = b;
		render_line_add(c, c->ct.data + s, e - s,
		    r->v[*ri].flags | c->base, r->v[*ri].link);
		if (r->v[*ri].off + r->v[*ri].len > b)
			break;
	}
}

/* Emit ct[a, b) as one line. */
static void
render_emit(struct render_ctx *c, size_t a, size_t b, size_t *ri)
{
	int	 w;

	c->srcoff = a;
	render_prefix(c);
	render_emit_part(c, a, b, ri);
	render_line_end(c);
	w = render_width(c->ct.data + a, b - a);
	if (w > c->maxw)
		c->maxw = w;
}

static int
render_cjk(uint32_t cp)
{
	if (cp >= 0xff61 && cp <= 0xff9f)
		return 1;	/* halfwidth katakana */
	if (render_width_cp(cp) != 2)
		return 0;
	/* Korean breaks at spaces, like Latin. */
	return !((cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 &&
	    cp <= 0x318f) || (cp >= 0xa960 && cp <= 0xa97f) ||
	    (cp >= 0xac00 && cp <= 0xd7af));
}

/* May a line break between a and b (neither a space)? */
static int
render_can_break(uint32_t a, uint32_t b)
{
	if (!render_cjk(a) && !render_cjk(b))
		return 0;
	if (render_in_list(b, render_nostart, sizeof render_nostart /
	    sizeof render_nostart[0]))
		return 0;
	return !render_in_list(a, render_noend, sizeof render_noend /
	    sizeof render_noend[0]);
}

/* Is ct[pos] inside a "[n]" link reference (which sticks to its link)? */
static int
render_is_ref(const struct render_ctx *c, size_t pos, size_t *si)
{
	const struct render_runs	*r = &c->cruns;

	while (*si < r->n && r->v[*si].off + r->v[*si].len <= pos)
		(*si)++;
	return *si < r->n && (r->v[*si].flags & RENDER_LINKREF);
}

/* The greedy line filler's state: the line start, its width, and the
 * last place it may break (the line ends at bend, the next starts at
 * bstart; bw is the width up to bstart). */
struct render_fill {
	size_t	 ls;
	int	 w;
	int	 hasbrk;
	size_t	 bend;
	size_t	 bstart;
	int	 bw;
	size_t	 ri;
	size_t	 si;
};

static void
render_fill_line(struct render_ctx *c, struct render_fill *f, size_t end,
    size_t next, int w)
{
	render_emit(c, f->ls, end, &f->ri);
	f->ls = next;
	f->w = w;
	f->hasbrk = 0;
}

/* A space outside pre: dropped at a line's edges, else a break. */
static void
render_fill_space(struct render_ctx *c, struct render_fill *f, size_t pos,
    size_t n)
{
	if (pos == f->ls) {
		f->ls = pos + n;
	} else if (f->w + 1 > c->avail) {
		render_fill_line(c, f, pos, pos + n, 0);
	} else {
		f->w++;
		f->bend = pos;
		f->bstart = pos + n;
		f->bw = f->w;
		f->hasbrk = 1;
	}
}

/* Break c->ct into lines of at most c->avail columns. */
static void
render_wrap(struct render_ctx *c, int pre)
{
	const char		*s = c->ct.data;
	struct render_fill	 f;
	size_t			 len = c->ct.len, pos = 0, n;
	uint32_t		 cp, prev = 0;
	int			 cw;

	memset(&f, 0, sizeof f);
	while (pos < len) {
		n = dl_utf8_decode(s + pos, len - pos, &cp);
		cw = render_width_cp(cp);
		if (cp == '\n' || (!pre && cp == ' ')) {
			if (cp == '\n')
				render_fill_line(c, &f, pos, pos + n, 0);
			else
				render_fill_space(c, &f, pos, n);
			prev = cp == '\n' ? 0 : ' ';
			pos += n;
			continue;
		}
		if (!pre && prev != 0 && prev != ' ' && cw > 0 &&
		    render_can_break(prev, cp) && !render_is_ref(c, pos, &f.si)) {
			f.bend = f.bstart = pos;
			f.bw = f.w;
			f.hasbrk = 1;
		}
		if (f.w + cw > c->avail && pos > f.ls) {
			if (f.hasbrk && f.bstart > f.ls)
				render_fill_line(c, &f, f.bend, f.bstart,
				    f.w - f.bw);
			else
				render_fill_line(c, &f, pos, pos, 0);
			continue;	/* look at cp again on the new line */
		}
		f.w += cw;
		if (cw > 0)
			prev = cp;
		pos += n;
	}
	if (pos > f.ls)
		render_emit(c, f.ls, pos, &f.ri);
}

static int
render_link_number(struct render_ctx *c, int url)
{
	struct render_out	*o = c->out;

	if (url < 0 || (size_t)url >= c->doc->nurls)
		return 0;
	if (c->linkno[url] == 0) {
		o->links = dl_reallocarray(o->links, o->nlinks + 1,
		    sizeof *o->links);
		o->links[o->nlinks++] = render_clean(c->doc->urls[url]);
		c->linkno[url] = (int)o->nlinks;
	}
	return c->linkno[url];
}

static void
render_ct_add(struct render_ctx *c, const char *p, size_t n,
    unsigned int flags, int link)
{
	if (n > 0 && dl_buf_add(&c->ct, p, n) == 0)
		render_runs_add(&c->cruns, c->ct.len - n, n, flags, link);
}

/* "[n]" after the last piece of a link's text. */
static void
render_linkref(struct render_ctx *c, const struct html_block *b, size_t si)
{
	const struct html_span	*sp = &b->spans[si];
	char			 ref[32];
	int			 no;

	if (!(sp->flags & HTML_LINK) || (si + 1 < b->nspans &&
	    b->spans[si + 1].url == sp->url))
		return;
	if ((no = render_link_number(c, sp->url)) == 0)
		return;
	snprintf(ref, sizeof ref, "[%d]", no);
	render_ct_add(c, ref, strlen(ref), RENDER_LINKREF, no);
}

static unsigned int
render_span_flags(unsigned int hf)
{
	return ((hf & HTML_BOLD) ? RENDER_BOLD : 0) |
	    ((hf & HTML_ITALIC) ? RENDER_ITALIC : 0) |
	    ((hf & HTML_CODE) ? RENDER_CODE : 0) |
	    ((hf & HTML_LINK) ? RENDER_LINK : 0);
}

/* One clean code point into ct; tabs go to stops of 8 in pre. */
static void
render_ct_cp(struct render_ctx *c, uint32_t cp, const struct html_span *sp,
    int pre, int *col)
{
	char		 u[4];
	unsigned int	 flags = 0;
	int		 link = 0;

	if (sp != NULL) {
		flags = render_span_flags(sp->flags);
		if (sp->flags & HTML_LINK)
			link = render_link_number(c, sp->url);
	}
	if (cp == '\t') {
		do
			render_ct_add(c, " ", 1, flags, link);
		while (pre && ++*col % RENDER_TAB != 0);
		return;
	}
	*col = cp == '\n' ? 0 : *col + render_width_cp(cp);
	render_ct_add(c, u, dl_utf8_encode(cp, u), flags, link);
}

/* A block's text cleaned into c->ct, styles in c->cruns, "[n]" after
 * links. Returns the number of bytes of text. */
static size_t
render_block_text(struct render_ctx *c, const struct html_block *b)
{
	struct render_dec	 d;
	int64_t			 cp;
	size_t			 at, si = 0;
	int			 col = 0, pre = b->kind == HTML_PRE;

	dl_buf_reset(&c->ct);
	c->cruns.n = 0;
	if (b->kind == HTML_RULE)
		return 0;
	if (b->kind == HTML_IMAGE)
		render_ct_add(c, "[image", 6, RENDER_IMAGE, 0);
	d.s = b->text;
	d.len = b->len;
	d.i = 0;
	if (b->kind == HTML_IMAGE && b->len > 0)
		render_ct_add(c, ": ", 2, RENDER_IMAGE, 0);
	while ((cp = render_dec_next(&d, &at)) != -1) {
		while (si + 1 < b->nspans &&
		    at >= b->spans[si].off + b->spans[si].len)
			render_linkref(c, b, si++);
		if (b->kind == HTML_IMAGE && (cp == '\n' || cp == '\t'))
			cp = ' ';
		render_ct_cp(c, (uint32_t)cp, b->kind == HTML_IMAGE ||
		    si >= b->nspans ? NULL : &b->spans[si], pre, &col);
	}
	if (si < b->nspans)
		render_linkref(c, b, si);
	if (b->kind == HTML_IMAGE) {
		c->cruns.v[0].flags |= RENDER_IMAGE;
		render_ct_add(c, "]", 1, RENDER_IMAGE, 0);
	}
	return c->ct.len;
}

/* The text column of list depth d, inventing one for a block that
 * continues a list whose marker was never shown. */
static int
render_col(struct render_ctx *c, int d)
{
	if (d == 0)
		return 0;
	if (c->cols[d] < 0)
		c->cols[d] = render_col(c, d - 1) + 2;
	return c->cols[d];
}

static void
render_marker(struct render_ctx *c, const struct html_block *b, int depth)
{
	static const char *const bullets[] = { "\xe2\x80\xa2 ",
	    "\xe2\x97\xa6 ", "\xe2\x96\xaa " };
	int	 i;

	if (b->number != 0)
		snprintf(c->marker, sizeof c->marker, "%d. ", b->number);
	else
		snprintf(c->marker, sizeof c->marker, "%s",
		    bullets[depth > 3 ? 2 : depth - 1]);
	c->markerw = render_width(c->marker, strlen(c->marker));
	c->indent = render_col(c, depth - 1);
	c->cols[depth] = c->indent + c->markerw;
	for (i = depth + 1; i <= RENDER_MAX_DEPTH; i++)
		c->cols[i] = -1;
	c->first = 1;
}

/* Quote bars, indentation and marker of a block; what is left is the
 * text's width. The prefix never takes more than half the width. */
static void
render_indent(struct render_ctx *c, const struct html_block *b)
{
	int	 depth = b->list > RENDER_MAX_DEPTH ? RENDER_MAX_DEPTH : b->list;
	int	 i;

	c->quote = b->quote > 8 ? 8 : b->quote;
	c->indent = c->markerw = c->first = 0;
	c->marker[0] = '\0';
	if (depth == 0)
		for (i = 1; i <= RENDER_MAX_DEPTH; i++)
			c->cols[i] = -1;
	else if (b->marker)
		render_marker(c, b, depth);
	else
		c->indent = render_col(c, depth);
	while (2 * c->quote + c->indent + c->markerw > c->width / 2) {
		if (c->indent > 0)
			c->indent--;
		else if (c->quote > 0)
			c->quote--;
		else
			break;
	}
	c->avail = c->width - 2 * c->quote - c->indent - c->markerw;
}

static void
render_repeat(struct render_ctx *c, const char *s, int n, unsigned int fl)
{
	int	 i;

	c->srcoff = c->ct.len;	/* an underline: after the text */
	render_prefix(c);
	for (i = 0; i < n; i++)
		render_line_add(c, s, strlen(s), fl, 0);
	render_line_end(c);
}

static void
render_block(struct render_ctx *c, const struct html_block *b)
{
	static const char *const under[] = { "\xe2\x95\x90", "\xe2\x94\x80",
	    "\xe2\x94\x84" };

	render_indent(c, b);
	c->maxw = 0;
	c->base = b->kind == HTML_HEADING ? RENDER_HEADING :
	    b->kind == HTML_PRE ? RENDER_PRE : 0;
	if (b->kind == HTML_RULE) {
		render_repeat(c, under[1], c->avail, RENDER_RULE);
		return;
	}
	render_wrap(c, b->kind == HTML_PRE);
	if (b->kind == HTML_HEADING)
		render_repeat(c, under[b->level <= 1 ? 0 : b->level == 2 ?
		    1 : 2], c->maxw, RENDER_HEADING);
}

/* --- Tables ------------------------------------------------------------- */

/* Most columns laid out as a table; wider tables go row by row. */
#define RENDER_TABLE_COLS	32

/* A table's column widths. */
struct render_table {
	int	 colw[RENDER_TABLE_COLS];
	size_t	 ncols;
};

/* A cell [a, e) into start and end, unless there are too many. */
static void
render_cell_add(size_t *start, size_t *end, size_t *n, size_t a, size_t e)
{
	if (*n < RENDER_TABLE_COLS) {
		start[*n] = a;
		end[*n] = e;
	}
	(*n)++;
}

/* The cells of a table row's text d (len bytes, NUL-terminated), split
 * at HTML_CELL_SEP; a separator at the very end, its space trimmed with
 * the row's, still ends a cell. Their starts and ends, at most
 * RENDER_TABLE_COLS; returns the count (RENDER_TABLE_COLS + 1 when there
 * are more), 0 when every cell is empty. */
static size_t
render_row_cells(const char *d, size_t len, size_t *start, size_t *end)
{
	const size_t	 sl = strlen(HTML_CELL_SEP);
	const char	*p;
	size_t		 n = 0, at = 0, k, e;

	while (n <= RENDER_TABLE_COLS) {
		p = strstr(d + at, HTML_CELL_SEP);
		e = p != NULL ? (size_t)(p - d) : len;
		if (p == NULL && len >= at + sl - 1 &&
		    memcmp(d + len - (sl - 1), HTML_CELL_SEP, sl - 1) == 0) {
			render_cell_add(start, end, &n, at, len - (sl - 1));
			render_cell_add(start, end, &n, len, len);
			break;
		}
		render_cell_add(start, end, &n, at, e);
		if (p == NULL)
			break;
		at = e + sl;
	}
	for (k = 0; k < n && k < RENDER_TABLE_COLS; k++)
		if (end[k] > start[k])
			return n;
	return 0;
}

/* The cells of the row in c->ct, as render_row_cells. */
static size_t
render_cells(const struct render_ctx *c, size_t *start, size_t *end)
{
	if (c->ct.len == 0)
		return 0;
	return render_row_cells(c->ct.data, c->ct.len, start, end);
}

/* The widest cell of each column of rows; 0 if the table fits in the
 * width left by the first row's indentation, -1 if it cannot be laid
 * out as a table (too wide, too many columns, a line break in a cell). */
static int
render_table_measure(struct render_ctx *c, const struct html_block *rows,
    size_t n, struct render_table *t)
{
	size_t	 start[RENDER_TABLE_COLS], end[RENDER_TABLE_COLS], i, k, nc;
	int	 w, total = 0;

	memset(t, 0, sizeof *t);
	render_indent(c, &rows[0]);
	for (i = 0; i < n; i++) {
		render_block_text(c, &rows[i]);
		nc = render_cells(c, start, end);
		if (nc > RENDER_TABLE_COLS || (c->ct.len > 0 &&
		    memchr(c->ct.data, '\n', c->ct.len) != NULL))
			return -1;
		for (k = 0; k < nc; k++) {
			w = render_width(c->ct.data + start[k],
			    end[k] - start[k]);
			if (w > t->colw[k])
				t->colw[k] = w;
		}
		if (nc > t->ncols)
			t->ncols = nc;
	}
	for (k = 0; k < t->ncols; k++)
		total += t->colw[k] + (k > 0 ? 3 : 0);
	return total <= c->avail ? 0 : -1;
}

/* One row in the table's columns: each cell padded to its column's
 * width, but the last. */
static void
render_table_row(struct render_ctx *c, const struct html_block *b,
    const struct render_table *t)
{
	size_t	 start[RENDER_TABLE_COLS], end[RENDER_TABLE_COLS], k, nc;
	size_t	 ri = 0;
	int	 w;

	render_block_text(c, b);
	if ((nc = render_cells(c, start, end)) == 0)
		return;
	render_indent(c, b);
	c->base = 0;
	c->srcoff = 0;
	render_prefix(c);
	for (k = 0; k < nc; k++) {
		render_emit_part(c, start[k], end[k], &ri);
		if (k + 1 == nc)
			break;
		w = render_width(c->ct.data + start[k], end[k] - start[k]);
		for (; w < t->colw[k]; w++)
			render_line_add(c, " ", 1, 0, 0);
		render_emit_part(c, end[k], start[k + 1], &ri);
	}
	render_line_end(c);
}

/* The table whose first row is doc block i: the rows that follow with
 * the same quote and list depth, in aligned columns when they fit, else
 * each row on lines of its own. Returns the number of blocks used. */
static size_t
render_table(struct render_ctx *c, size_t i)
{
	const struct html_block	*rows = &c->doc->blocks[i];
	struct render_table	 t;
	size_t			 n = 1, k;

	while (i + n < c->doc->nblocks && rows[n].kind == HTML_ROW &&
	    rows[n].quote == rows[0].quote && rows[n].list == rows[0].list)
		n++;
	if (render_table_measure(c, rows, n, &t) == 0) {
		for (k = 0; k < n; k++) {
			c->blockno = i + k;
			render_table_row(c, &rows[k], &t);
		}
		return n;
	}
	for (k = 0; k < n; k++) {
		c->blockno = i + k;
		c->srcoff = 0;
		if (render_block_text(c, &rows[k]) > 0)
			render_block(c, &rows[k]);
	}
	return n;
}

static void
render_finish(struct render_out *o)
{
	size_t	 i, end, rend;

	o->lines = dl_reallocarray(NULL, o->nlines, sizeof *o->lines);
	for (i = 0; i < o->nlines; i++) {
		struct render_line *l = &o->lines[i];

		end = i + 1 < o->nlines ? o->loff[i + 1] : o->text.len;
		rend = i + 1 < o->nlines ? o->roff[i + 1] : o->runs.n;
		l->text = o->text.data + o->loff[i];
		l->len = end - o->loff[i] - 1;
		l->width = render_width(l->text, l->len);
		l->runs = o->runs.v + o->roff[i];
		l->nruns = rend - o->roff[i];
		l->block = o->lblock[i];
		l->off = o->lsrc[i];
	}
}

struct render_out *
render_doc(const struct html_doc *doc, const struct render_opts *opts)
{
	struct render_ctx		 c;
	const struct html_block		*b, *prev = NULL;
	size_t				 i;

	memset(&c, 0, sizeof c);
	c.doc = doc;
	c.out = dl_calloc(1, sizeof *c.out);
	dl_buf_init(&c.out->text, RENDER_CAP);
	dl_buf_init(&c.ct, RENDER_CAP);
	c.width = opts != NULL && opts->width > RENDER_MIN_WIDTH ?
	    opts->width : RENDER_MIN_WIDTH;
	c.linkno = dl_calloc(doc->nurls + 1, sizeof *c.linkno);
	for (i = 0; i <= RENDER_MAX_DEPTH; i++)
		c.cols[i] = i == 0 ? 0 : -1;
	for (i = 0; i < doc->nblocks; i++) {
		b = &doc->blocks[i];
		if (render_block_text(&c, b) == 0 && b->kind != HTML_RULE)
			continue;
		c.blockno = i;
		c.srcoff = 0;
		if (prev != NULL && !(prev->list > 0 && b->list > 0) &&
		    !(prev->kind == HTML_ROW && b->kind == HTML_ROW))
			render_line_blank(&c, prev->quote < b->quote ?
			    prev->quote : b->quote);
		if (b->kind == HTML_ROW) {
			i += render_table(&c, i) - 1;
			prev = &doc->blocks[i];
			continue;
		}
		render_block(&c, b);
		prev = b;
	}
	render_finish(c.out);
	dl_buf_clear(&c.ct);
	free(c.cruns.v);
	free(c.linkno);
	return c.out;
}

void
render_out_free(struct render_out *o)
{
	size_t	 i;

	if (o == NULL)
		return;
	for (i = 0; i < o->nlinks; i++)
		free(o->links[i]);
	free(o->links);
	free(o->lines);
	free(o->loff);
	free(o->roff);
	free(o->lblock);
	free(o->lsrc);
	free(o->runs.v);
	dl_buf_clear(&o->text);
	free(o);
}

size_t
render_out_nlines(const struct render_out *o)
{
	return o->nlines;
}

const struct render_line *
render_out_line(const struct render_out *o, size_t i)
{
	return i < o->nlines ? &o->lines[i] : NULL;
}

size_t
render_out_find(const struct render_out *o, size_t block, size_t off)
{
	size_t	 lo = 0, hi = o->nlines, mid;

	/* The lines are in (block, off) order: the last one not after. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (o->lines[mid].block < block || (o->lines[mid].block ==
		    block && o->lines[mid].off <= off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? lo - 1 : 0;
}

size_t
render_out_nlinks(const struct render_out *o)
{
	return o->nlinks;
}

const char *
render_out_link(const struct render_out *o, size_t n)
{
	return n >= 1 && n <= o->nlinks ? o->links[n - 1] : NULL;
}

char *
render_out_text(const struct render_out *o)
{
	struct dl_buf	 b;
	size_t		 i;

	dl_buf_init(&b, RENDER_CAP);
	for (i = 0; i < o->nlines; i++) {
		dl_buf_add(&b, o->lines[i].text, o->lines[i].len);
		dl_buf_addc(&b, '\n');
	}
	if (o->nlinks > 0)
		dl_buf_addc(&b, '\n');
	for (i = 0; i < o->nlinks; i++)
		dl_buf_addf(&b, "[%zu] %s\n", i + 1, o->links[i]);
	return dl_buf_take(&b);
}

char *
render_html_to_text(const char *html, const char *base, int width)
{
	struct html_doc		*doc;
	struct render_out	*out;
	struct render_opts	 opts;
	char			*text;

	if (html == NULL)
		html = "";
	doc = html_doc_parse(html, strlen(html), base);
	memset(&opts, 0, sizeof opts);
	opts.width = width;
	out = render_doc(doc, &opts);
	html_doc_free(doc);
	text = render_out_text(out);
	render_out_free(out);
	return text;
}

/* --- Markdown ---------------------------------------------------------------- */

/* Markdown being written from one document. */
struct render_md {
	struct dl_buf		 out;
	const struct html_doc	*doc;
	int			*num;	/* per doc URL: its [n], 0 if unused */
	size_t			*order;	/* doc URL of [1], [2], ... */
	int			 nrefs;
	char			 prefix[128];	/* quote marks and indent */
	int			 bol;	/* at the start of a line */
	int			 oneline; /* a heading: no line breaks */
	int			 cell;	/* in a table cell: escape '|' */
};

/* Text that would start a block at the start of a line: "#", "- ",
 * "1." and the like; 0 or the offset of the character to escape. */
static int
render_md_line_start(const char *s, size_t n, size_t *at)
{
	size_t	 i = 0;

	if (n > 0 && strchr("#+-=>", s[0]) != NULL) {
		*at = 0;
		return 1;
	}
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > 0 && i < n && (s[i] == '.' || s[i] == ')')) {
		*at = i;
		return 1;
	}
	return 0;
}

/* Clean text (NUL-terminated) escaped for Markdown. */
static void
render_md_escape(struct render_md *m, const char *s)
{
	size_t	 i, at = 0, n = strlen(s);
	int	 lead = 0;

	if (m->bol) {
		while (*s == ' ')
			s++, n--;
		lead = render_md_line_start(s, n, &at);
	}
	for (i = 0; i < n; i++) {
		if ((lead && i == at) || strchr("\\`*_[]<>", s[i]) != NULL ||
		    (m->cell && s[i] == '|'))
			dl_buf_addc(&m->out, '\\');
		dl_buf_addc(&m->out, s[i]);
	}
	if (n > 0)
		m->bol = 0;
}

/* n bytes of a block's text: cleaned of control characters, escaped, a
 * "\n" (a <br>) turned into a hard line break, or a space in a heading. */
static void
render_md_text(struct render_md *m, const char *p, size_t n, int code)
{
	const char	*nl;
	char		*piece, *clean;
	size_t		 len;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl != NULL ? (size_t)(nl - p) : n;
		piece = dl_strndup(p, len);
		clean = render_clean(piece);
		if (code)
			dl_buf_adds(&m->out, clean);
		else
			render_md_escape(m, clean);
		free(piece);
		free(clean);
		if (nl == NULL)
			break;
		if (m->oneline || code)
			dl_buf_addc(&m->out, ' ');
		else {
			dl_buf_addf(&m->out, "\\\n%s", m->prefix);
			m->bol = 1;
		}
		p += len + 1;
		n -= len + 1;
	}
}

/* A code span: a fence of backticks longer than any run inside. */
static void
render_md_code(struct render_md *m, const char *p, size_t n)
{
	size_t	 i, run = 0, most = 0;
	int	 pad = n > 0 && (p[0] == '`' || p[n - 1] == '`');

	for (i = 0; i < n; i++) {
		run = p[i] == '`' ? run + 1 : 0;
		if (run > most)
			most = run;
	}
	for (i = 0; i <= most; i++)
		dl_buf_addc(&m->out, '`');
	if (pad)
		dl_buf_addc(&m->out, ' ');
	render_md_text(m, p, n, 1);
	if (pad)
		dl_buf_addc(&m->out, ' ');
	for (i = 0; i <= most; i++)
		dl_buf_addc(&m->out, '`');
	m->bol = 0;
}

/* One styled run; emphasis markers hug the text (CommonMark wants no
 * space inside them), the spaces go outside. */
static void
render_md_styled(struct render_md *m, const char *p, size_t n, unsigned int flags)
{
	const char	*mark = (flags & HTML_BOLD) && (flags & HTML_ITALIC) ?
	    "***" : (flags & HTML_BOLD) ? "**" : (flags & HTML_ITALIC) ?
	    "*" : "";
	size_t		 lead = 0, trail = 0;

	while (lead < n && p[lead] == ' ')
		lead++;
	while (trail < n - lead && p[n - 1 - trail] == ' ')
		trail++;
	if (lead == n)
		mark = "";
	render_md_text(m, p, lead, 0);
	if (flags & HTML_CODE)
		render_md_code(m, p + lead, n - lead - trail);
	else {
		dl_buf_adds(&m->out, mark);
		render_md_text(m, p + lead, n - lead - trail, 0);
		dl_buf_adds(&m->out, mark);
	}
	render_md_text(m, p + n - trail, trail, 0);
}

/* The reference number of doc URL u, given in order of first use. */
static int
render_md_ref(struct render_md *m, int u)
{
	if (m->num[u] == 0) {
		m->order[m->nrefs] = (size_t)u;
		m->num[u] = ++m->nrefs;
	}
	return m->num[u];
}

/* The spans of a block; a link over several spans is one [text][n]. */
static void
render_md_spans(struct render_md *m, const struct html_block *b)
{
	const struct html_span	*sp;
	size_t			 i;
	int			 prev = -1, next;

	for (i = 0; i < b->nspans; i++) {
		sp = &b->spans[i];
		if (sp->url >= 0 && sp->url != prev) {
			/* "![" would open an image. */
			if (m->out.len > 0 && m->out.data[m->out.len - 1] ==
			    '!') {
				m->out.len--;
				dl_buf_adds(&m->out, "\\!");
			}
			dl_buf_addc(&m->out, '[');
			m->bol = 0;
		}
		render_md_styled(m, b->text + sp->off, sp->len,
		    sp->flags & ~HTML_LINK);
		next = i + 1 < b->nspans ? b->spans[i + 1].url : -1;
		if (sp->url >= 0 && sp->url != next)
			dl_buf_addf(&m->out, "][%d]", render_md_ref(m, sp->url));
		prev = sp->url;
	}
}

/* A preformatted block as an indented code block, line by line. */
static void
render_md_pre(struct render_md *m, const struct html_block *b)
{
	const char	*p = b->text, *nl;
	size_t		 n = b->len, len;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl != NULL ? (size_t)(nl - p) : n;
		dl_buf_adds(&m->out, "    ");
		render_md_text(m, p, len, 1);
		if (nl == NULL)
			break;
		dl_buf_addf(&m->out, "\n%s", m->prefix);
		p += len + 1;
		n -= len + 1;
	}
}

/* The quote marks and list indent of a block's lines into m->prefix;
 * the list marker (written on the first line only) into marker. */
static void
render_md_prefix(struct render_md *m, const struct html_block *b, char *marker,
    size_t size)
{
	int	 i, indent = b->list;
	size_t	 o = 0;

	m->prefix[0] = marker[0] = '\0';
	for (i = 0; i < b->quote && o + 3 < sizeof m->prefix; i++)
		o += (size_t)snprintf(m->prefix + o, sizeof m->prefix - o,
		    "> ");
	if (b->list > 0 && b->marker) {
		indent = b->list - 1;
		if (b->number > 0)
			snprintf(marker, size, "%d. ", b->number);
		else
			snprintf(marker, size, "- ");
	}
	for (i = 0; i < indent && o + 5 < sizeof m->prefix; i++)
		o += (size_t)snprintf(m->prefix + o, sizeof m->prefix - o,
		    "    ");
}

static void
render_md_block(struct render_md *m, const struct html_block *b,
    const struct html_block *prev)
{
	char	 marker[32];
	int	 level;

	render_md_prefix(m, b, marker, sizeof marker);
	if (prev != NULL)
		dl_buf_adds(&m->out, prev->list > 0 && b->list > 0 &&
		    b->marker ? "\n" : "\n\n");
	dl_buf_adds(&m->out, m->prefix);
	dl_buf_adds(&m->out, marker);
	m->bol = 1;
	m->oneline = 0;
	switch (b->kind) {
	case HTML_HEADING:
		level = b->level < 2 ? 2 : b->level > 6 ? 6 : b->level;
		dl_buf_addf(&m->out, "%.*s ", level, "######");
		m->oneline = 1;
		m->bol = 0;
		render_md_spans(m, b);
		break;
	case HTML_PRE:
		render_md_pre(m, b);
		break;
	case HTML_IMAGE:
		dl_buf_adds(&m->out, "\\[image: ");
		m->bol = 0;
		render_md_text(m, b->text, b->len, 0);
		dl_buf_adds(&m->out, "\\]");
		break;
	case HTML_RULE:
		dl_buf_adds(&m->out, "* * *");
		break;
	default:
		render_md_spans(m, b);
	}
}

/* Cell [a, e) of row b as a block of its own, its spans clipped to it
 * (the caller frees cell->spans). */
static void
render_md_cell_block(const struct html_block *b, size_t a, size_t e,
    struct html_block *cell)
{
	size_t	 i, s, t;

	*cell = *b;
	cell->text = b->text + a;
	cell->len = e - a;
	cell->spans = dl_reallocarray(NULL, b->nspans + 1,
	    sizeof *cell->spans);
	cell->nspans = 0;
	for (i = 0; i < b->nspans; i++) {
		s = b->spans[i].off > a ? b->spans[i].off : a;
		t = b->spans[i].off + b->spans[i].len;
		if (t > e)
			t = e;
		if (s >= t)
			continue;
		cell->spans[cell->nspans] = b->spans[i];
		cell->spans[cell->nspans].off = s - a;
		cell->spans[cell->nspans++].len = t - s;
	}
}

/* One table row as "| a | b |", padded with empty cells to ncols. */
static void
render_md_row(struct render_md *m, const struct html_block *b, size_t ncols)
{
	struct html_block	 cell;
	size_t			 start[RENDER_TABLE_COLS], end[RENDER_TABLE_COLS];
	size_t			 k, nc;

	nc = render_row_cells(b->text, b->len, start, end);
	m->oneline = m->cell = 1;
	m->bol = 0;
	dl_buf_adds(&m->out, "|");
	for (k = 0; k < ncols; k++) {
		dl_buf_adds(&m->out, " ");
		if (k < nc) {
			render_md_cell_block(b, start[k], end[k], &cell);
			render_md_spans(m, &cell);
			free(cell.spans);
		}
		dl_buf_adds(&m->out, " |");
	}
	m->oneline = m->cell = 0;
}

/* The cells of a row; 0 if all are empty, RENDER_TABLE_COLS + 1 if too
 * many. */
static size_t
render_md_ncells(const struct html_block *b)
{
	size_t	 start[RENDER_TABLE_COLS], end[RENDER_TABLE_COLS];

	return render_row_cells(b->text, b->len, start, end);
}

/* The table whose first row is block i of the document, as a GFM table:
 * the first row is the header, then "| --- |" per column. Returns the
 * number of rows. */
static size_t
render_md_table(struct render_md *m, size_t i, const struct html_block *prev)
{
	const struct html_block	*rows = &m->doc->blocks[i];
	size_t			 n = 1, k, c, ncols = render_md_ncells(rows);
	char			 marker[32];

	while (i + n < m->doc->nblocks && rows[n].kind == HTML_ROW &&
	    rows[n].quote == rows[0].quote && rows[n].list == rows[0].list) {
		if (render_md_ncells(&rows[n]) > ncols)
			ncols = render_md_ncells(&rows[n]);
		n++;
	}
	if (ncols > RENDER_TABLE_COLS || ncols == 0) {
		/* Too wide for a table (or empty): row after row. */
		for (k = 0; k < n; k++)
			render_md_block(m, &rows[k], k > 0 ? &rows[k - 1] :
			    prev);
		return n;
	}
	render_md_prefix(m, rows, marker, sizeof marker);
	if (prev != NULL)
		dl_buf_adds(&m->out, "\n\n");
	for (k = 0; k < n; k++) {
		if (k > 0 && render_md_ncells(&rows[k]) == 0)
			continue;	/* a row of empty cells */
		dl_buf_addf(&m->out, "%s%s%s", k > 0 ? "\n" : "", m->prefix,
		    k == 0 ? marker : "");
		render_md_row(m, &rows[k], ncols);
		if (k > 0)
			continue;
		dl_buf_addf(&m->out, "\n%s|", m->prefix);
		for (c = 0; c < ncols; c++)
			dl_buf_adds(&m->out, " --- |");
	}
	return n;
}

/* A URL for "<...>": cleaned, with the characters that would end it
 * (space, < and >) percent-encoded. */
static void
render_md_url(struct dl_buf *b, const char *url)
{
	char	*c = render_clean(url), *p;

	for (p = c; *p != '\0'; p++) {
		if (*p == ' ' || *p == '<' || *p == '>')
			dl_buf_addf(b, "%%%02X", (unsigned char)*p);
		else
			dl_buf_addc(b, *p);
	}
	free(c);
}

/* The story's document. A leading heading that repeats the title (pages
 * often put their headline inside the article) is dropped: the header
 * shows the title already. The caller frees it (html_doc_free). */
static struct html_doc *
render_md_doc(const char *title, const char *html, const char *base)
{
	struct html_doc		*doc;

	doc = html_doc_parse(html, html != NULL ? strlen(html) : 0, base);
	html_doc_drop_title(doc, title);
	return doc;
}

/* The body of the story as Markdown, then its link list. */
static void
render_md_body(struct dl_buf *out, const struct render_md_head *h,
    const char *html, const char *base)
{
	struct render_md	 m;
	size_t		 i;

	memset(&m, 0, sizeof m);
	m.out = *out;
	m.doc = render_md_doc(h->title, html, base);
	m.num = dl_calloc(m.doc->nurls + 1, sizeof *m.num);
	m.order = dl_calloc(m.doc->nurls + 1, sizeof *m.order);
	for (i = 0; i < m.doc->nblocks; i++) {
		if (m.doc->blocks[i].kind == HTML_ROW)
			i += render_md_table(&m, i, i > 0 ?
			    &m.doc->blocks[i - 1] : NULL) - 1;
		else
			render_md_block(&m, &m.doc->blocks[i], i > 0 ?
			    &m.doc->blocks[i - 1] : NULL);
	}
	dl_buf_adds(&m.out, "\n");
	if (m.nrefs > 0)
		dl_buf_adds(&m.out, "\n");
	for (i = 0; i < (size_t)m.nrefs; i++) {
		dl_buf_addf(&m.out, "[%zu]: <", i + 1);
		render_md_url(&m.out, m.doc->urls[m.order[i]]);
		dl_buf_adds(&m.out, ">\n");
	}
	*out = m.out;
	free(m.num);
	free(m.order);
	html_doc_free((struct html_doc *)m.doc);
}

/* Plain text (may be NULL) cleaned and escaped, as one line. */
static void
render_md_plain(struct dl_buf *out, const char *s)
{
	struct render_md	 m;

	memset(&m, 0, sizeof m);
	m.out = *out;
	m.oneline = 1;
	if (s != NULL)
		render_md_text(&m, s, strlen(s), 0);
	*out = m.out;
}

/* The header: title, byline and date, source. */
static void
render_md_header(struct dl_buf *b, const struct render_md_head *h)
{
	dl_buf_adds(b, "# ");
	render_md_plain(b, h->title != NULL ? h->title : "(no title)");
	dl_buf_adds(b, "\n\n");
	if (h->author != NULL && h->author[0] != '\0') {
		dl_buf_adds(b, "By ");
		render_md_plain(b, h->author);
		dl_buf_adds(b, " \xc2\xb7 ");
	}
	render_md_plain(b, h->feed);
	if (h->date != NULL && h->date[0] != '\0')
		dl_buf_addf(b, " \xc2\xb7 %s", h->date);
	dl_buf_adds(b, "\n\n");
	if (h->link != NULL) {
		dl_buf_adds(b, "Source: <");
		render_md_url(b, h->link);
		dl_buf_adds(b, ">\n\n");
	}
}

char *
render_markdown(const struct render_md_head *h, const char *html,
    const char *base)
{
	struct dl_buf	 b;

	dl_buf_init(&b, DL_BUF_CAP_DEFAULT);
	render_md_header(&b, h);
	render_md_body(&b, h, html, base);
	return dl_buf_take(&b);
}

/* --- File names ------------------------------------------------------------ */

/* Most bytes of a slug, before ".md". */
#define RENDER_SLUG_MAX	80

/* Han, kana and Hangul letters: kept in a slug as they are. */
static int
render_slug_cjk(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11ff) ||	/* Hangul Jamo */
	    (cp >= 0x3041 && cp <= 0x3096) ||		/* hiragana */
	    (cp >= 0x30a1 && cp <= 0x30fa) ||		/* katakana */
	    cp == 0x30fc ||				/* long vowel mark */
	    (cp >= 0x3131 && cp <= 0x318e) ||		/* compatibility Jamo */
	    (cp >= 0x3400 && cp <= 0x4dbf) ||		/* Han extension A */
	    (cp >= 0x4e00 && cp <= 0x9fff) ||		/* Han */
	    (cp >= 0xac00 && cp <= 0xd7a3) ||		/* Hangul syllables */
	    (cp >= 0xf900 && cp <= 0xfaff) ||		/* Han compatibility */
	    (cp >= 0xff66 && cp <= 0xff9d) ||		/* half-width kana */
	    (cp >= 0x20000 && cp <= 0x3134f);		/* Han extensions */
}

/* A file name stem from a title: ASCII letters (lower-cased) and digits
 * and CJK letters kept, every other run of characters one '-', none at
 * either end, at most RENDER_SLUG_MAX bytes (cut between characters);
 * "story-ID" when nothing is left. It can hold no '/' and no '.', so it
 * is never a path. Allocated. */
char *
render_slug(const char *title, int64_t id)
{
	struct dl_buf	 b;
	uint32_t	 cp;
	size_t		 i, n, need, len;
	int		 dash = 0;

	dl_buf_init(&b, RENDER_SLUG_MAX + 1);
	len = title != NULL ? strlen(title) : 0;
	for (i = 0; i < len; i += n) {
		/* A malformed byte is U+FFFD: a separator. */
		n = dl_utf8_decode(title + i, len - i, &cp);
		if (cp < 0x80 && ((cp | 0x20) - 'a' < 26 || cp - '0' < 10))
			need = 1;
		else if (render_slug_cjk(cp))
			need = n;
		else {
			dash = b.len > 0;
			continue;
		}
		if (b.len + (size_t)dash + need > RENDER_SLUG_MAX)
			break;
		if (dash)
			dl_buf_addc(&b, '-');
		dash = 0;
		if (need == 1)
			dl_buf_addc(&b, (char)(cp >= 'A' && cp <= 'Z' ?
			    cp + 32 : cp));
		else
			dl_buf_add(&b, title + i, n);
	}
	if (b.len == 0)
		dl_buf_addf(&b, "story-%" PRId64, id);
	return dl_buf_take(&b);
}
