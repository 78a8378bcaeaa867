/* fd-page-stack.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fd-page-stack.h"

/**
 * FdPageStack:
 *
 * The window's four pages, one shown at a time, like a GtkStack without
 * transitions, with one difference that matters for speed: the hidden pages
 * stay mapped and laid out at the stack's size, and are simply not drawn.
 *
 * GtkStack unmaps the pages it hides, and GTK drops the render nodes of an
 * unmapped widget and all its children; showing the page again made GTK
 * snapshot every widget of the page, restyle it and lay it out anew in the
 * frame of the switch. Here a switch draws the page from the render nodes
 * it already has, in a frame that has no layout to do. A hidden page that
 * takes new data is laid out in the next frame (it draws nothing), and
 * fd_page_stack_prepare() builds its render nodes in idle time.
 *
 * A hidden page takes no pointer input (can-target), no keyboard focus (the
 * focus vfunc only enters the visible page, and a switch moves the focus out
 * of the page it hides) and is hidden from assistive technologies.
 *
 * Pages are added as children in a builder file (or with
 * gtk_widget_set_parent() followed by a call to
 * fd_page_stack_set_visible_child_name()) and named by their widget name.
 */

struct _FdPageStack
{
  GtkWidget  parent_instance;

  GtkWidget *visible_child; /* unowned: one of the children */
};

static void fd_page_stack_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdPageStack, fd_page_stack, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, fd_page_stack_buildable_init))

enum {
  PROP_0,
  PROP_VISIBLE_CHILD_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

/* The widget that had the focus in a page when it was hidden, weakly. */
static GQuark last_focus_quark;

static void
update_child_state (FdPageStack *self,
                    GtkWidget   *child)
{
  gboolean shown = child == self->visible_child;

  gtk_widget_set_can_target (child, shown);
  if (shown)
    gtk_accessible_reset_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN);
  else
    gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
remember_focus (GtkWidget *page,
                GtkWidget *focus)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, focus);
  g_object_set_qdata_full (G_OBJECT (page), last_focus_quark, ref,
                           (GDestroyNotify) weak_ref_free);
}

static void
set_visible_child (FdPageStack *self,
                   GtkWidget   *child)
{
  GtkWidget *old = self->visible_child;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus;

  if (child == old)
    return;

  had_focus = old != NULL && focus != NULL && (focus == old || gtk_widget_is_ancestor (focus, old));
  if (had_focus)
    remember_focus (old, focus);

  self->visible_child = child;
  for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (self));
       page != NULL;
       page = gtk_widget_get_next_sibling (page))
    update_child_state (self, page);

  /* The focus must not stay in a page nobody sees: it goes where it was in
   * the new page, or to its first focusable widget, as with GtkStack. */
  if (had_focus)
    {
      GWeakRef *ref = child != NULL ? g_object_get_qdata (G_OBJECT (child), last_focus_quark) : NULL;
      g_autoptr(GtkWidget) last = ref != NULL ? g_weak_ref_get (ref) : NULL;

      if (!(last != NULL && gtk_widget_is_ancestor (last, child) && gtk_widget_grab_focus (last)) &&
          !(child != NULL && gtk_widget_child_focus (child, GTK_DIR_TAB_FORWARD)))
        gtk_root_set_focus (root, NULL);
    }

  /* The new page may ask for another size. When it was prepared, GTK finds
   * its size and layout cached and the frame only paints. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_CHILD_NAME]);
}

static void
add_page (FdPageStack *self,
          GtkWidget   *page)
{
  gtk_widget_set_parent (page, GTK_WIDGET (self));
  if (self->visible_child == NULL)
    set_visible_child (self, page);
  else
    update_child_state (self, page);
}

static void
fd_page_stack_buildable_add_child (GtkBuildable *buildable,
                                   GtkBuilder   *builder,
                                   GObject      *child,
                                   const char   *type)
{
  if (GTK_IS_WIDGET (child) && type == NULL)
    add_page (FD_PAGE_STACK (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
fd_page_stack_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = fd_page_stack_buildable_add_child;
}

/* The page shown, as GtkStack does when it is not homogeneous: a hidden
 * page that takes new data is not measured again until it is shown or
 * prepared (fd_page_stack_prepare()), and measuring a whole page costs
 * milliseconds. */
static void
fd_page_stack_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  FdPageStack *self = FD_PAGE_STACK (widget);

  if (self->visible_child != NULL && gtk_widget_should_layout (self->visible_child))
    gtk_widget_measure (self->visible_child, orientation, for_size, minimum, natural, NULL, NULL);
}

/* The hidden pages keep the allocation they had (or get one from
 * fd_page_stack_prepare()): they stay mapped, so GTK keeps their render
 * nodes, and laying them out here would put their layout in every frame
 * after they take new data. */
static void
fd_page_stack_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  FdPageStack *self = FD_PAGE_STACK (widget);

  if (self->visible_child != NULL && gtk_widget_should_layout (self->visible_child))
    gtk_widget_allocate (self->visible_child, width, height, baseline, NULL);
}

static void
fd_page_stack_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  FdPageStack *self = FD_PAGE_STACK (widget);

  if (self->visible_child != NULL)
    gtk_widget_snapshot_child (widget, self->visible_child, snapshot);
}

static gboolean
fd_page_stack_focus (GtkWidget        *widget,
                     GtkDirectionType  direction)
{
  FdPageStack *self = FD_PAGE_STACK (widget);

  return self->visible_child != NULL && gtk_widget_child_focus (self->visible_child, direction);
}

static gboolean
fd_page_stack_grab_focus (GtkWidget *widget)
{
  FdPageStack *self = FD_PAGE_STACK (widget);

  return self->visible_child != NULL && gtk_widget_grab_focus (self->visible_child);
}

static void
fd_page_stack_compute_expand (GtkWidget *widget,
                              gboolean  *hexpand,
                              gboolean  *vexpand)
{
  *hexpand = FALSE;
  *vexpand = FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      *hexpand = *hexpand || gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL);
      *vexpand = *vexpand || gtk_widget_compute_expand (child, GTK_ORIENTATION_VERTICAL);
    }
}

static void
fd_page_stack_dispose (GObject *object)
{
  FdPageStack *self = FD_PAGE_STACK (object);
  GtkWidget *child;

  self->visible_child = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fd_page_stack_parent_class)->dispose (object);
}

static void
fd_page_stack_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FdPageStack *self = FD_PAGE_STACK (object);

  switch (prop_id)
    {
    case PROP_VISIBLE_CHILD_NAME:
      g_value_set_string (value, fd_page_stack_get_visible_child_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_page_stack_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FdPageStack *self = FD_PAGE_STACK (object);

  switch (prop_id)
    {
    case PROP_VISIBLE_CHILD_NAME:
      fd_page_stack_set_visible_child_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_page_stack_class_init (FdPageStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_page_stack_dispose;
  object_class->get_property = fd_page_stack_get_property;
  object_class->set_property = fd_page_stack_set_property;

  widget_class->measure = fd_page_stack_measure;
  widget_class->size_allocate = fd_page_stack_size_allocate;
  widget_class->snapshot = fd_page_stack_snapshot;
  widget_class->focus = fd_page_stack_focus;
  widget_class->grab_focus = fd_page_stack_grab_focus;
  widget_class->compute_expand = fd_page_stack_compute_expand;

  /**
   * FdPageStack:visible-child-name:
   *
   * The widget name of the page shown.
   */
  properties[PROP_VISIBLE_CHILD_NAME] =
    g_param_spec_string ("visible-child-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  last_focus_quark = g_quark_from_static_string ("fd-page-stack-last-focus");
  gtk_widget_class_set_css_name (widget_class, "stack");
}

static void
fd_page_stack_init (FdPageStack *self)
{
}

GtkWidget *
fd_page_stack_new (void)
{
  return g_object_new (FD_TYPE_PAGE_STACK, NULL);
}

/**
 * fd_page_stack_get_child_by_name:
 * @self: a page stack
 * @name: a page's widget name
 *
 * Returns: (transfer none) (nullable): the page named @name
 */
GtkWidget *
fd_page_stack_get_child_by_name (FdPageStack *self,
                                 const char  *name)
{
  g_return_val_if_fail (FD_IS_PAGE_STACK (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
      return child;

  return NULL;
}

/**
 * fd_page_stack_get_visible_child:
 * @self: a page stack
 *
 * Returns: (transfer none) (nullable): the page shown
 */
GtkWidget *
fd_page_stack_get_visible_child (FdPageStack *self)
{
  g_return_val_if_fail (FD_IS_PAGE_STACK (self), NULL);

  return self->visible_child;
}

const char *
fd_page_stack_get_visible_child_name (FdPageStack *self)
{
  g_return_val_if_fail (FD_IS_PAGE_STACK (self), NULL);

  return self->visible_child != NULL ? gtk_widget_get_name (self->visible_child) : NULL;
}

/**
 * fd_page_stack_set_visible_child_name:
 * @self: a page stack
 * @name: a page's widget name
 *
 * Shows the page named @name; an unknown name is a programming error.
 */
void
fd_page_stack_set_visible_child_name (FdPageStack *self,
                                      const char  *name)
{
  GtkWidget *child;

  g_return_if_fail (FD_IS_PAGE_STACK (self));
  g_return_if_fail (name != NULL);

  child = fd_page_stack_get_child_by_name (self, name);
  g_return_if_fail (child != NULL);

  set_visible_child (self, child);
}

/**
 * fd_page_stack_prepare:
 * @self: a page stack
 * @page: one of the hidden pages
 * @paint: also paint the page once into an image that is thrown away
 *
 * Lays @page out at the stack's size and builds its render nodes, which GTK
 * keeps until something in the page changes: the frame that shows the page
 * then only paints. Meant for idle time after the page took new data.
 * Painting the page once also loads and rasterises its glyphs, which the
 * first paint of a session otherwise does in the frame of the first visit.
 *
 * Returns: whether the page was prepared (it is hidden and the stack has a
 *   size)
 */
gboolean
fd_page_stack_prepare (FdPageStack *self,
                       GtkWidget   *page,
                       gboolean     paint)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;

  g_return_val_if_fail (FD_IS_PAGE_STACK (self), FALSE);
  g_return_val_if_fail (GTK_IS_WIDGET (page), FALSE);
  g_return_val_if_fail (gtk_widget_get_parent (page) == GTK_WIDGET (self), FALSE);

  if (page == self->visible_child || width <= 0 || height <= 0 ||
      !gtk_widget_get_mapped (page) || !gtk_widget_should_layout (page))
    return FALSE;

  /* At the stack's size, as if it were shown. GTK wants a widget measured
   * before it is allocated; the height for the stack's width is all that
   * is used (a page's minimum width, measured across the whole page,
   * costs milliseconds). GTK lays out again only what changed. */
  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, width, NULL, NULL, NULL, NULL);
  gtk_widget_allocate (page, width, height, -1, NULL);

  snapshot = gtk_snapshot_new ();
  gtk_widget_snapshot_child (GTK_WIDGET (self), page, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);

  if (paint && node != NULL)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cairo_t *cr = cairo_create (surface);

      gsk_render_node_draw (node, cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }

  return TRUE;
}
