/* The contrast of two colours, as WCAG 2.1 measures it. */
#include "config.h"

#include <math.h>

#include "switchboard/theme.h"

/* One sRGB channel (0-255) as linear light. */
static double
theme_channel_linear(int c)
{
	double	v = c / 255.0;

	return v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

/* WCAG relative luminance of 0xrrggbb. */
static double
theme_luminance(int rgb)
{
	return 0.2126 * theme_channel_linear((rgb >> 16) & 0xff) +
	    0.7152 * theme_channel_linear((rgb >> 8) & 0xff) +
	    0.0722 * theme_channel_linear(rgb & 0xff);
}

double
theme_contrast_ratio(int a, int b)
{
	double	la = theme_luminance(a), lb = theme_luminance(b), t;

	if (la < lb) {
		t = la;
		la = lb;
		lb = t;
	}
	return (la + 0.05) / (lb + 0.05);
}
