/* "Cite a figure" in the Draftail toolbar: choose a figure (the figures' own chooser), then its
 * wave and form; the sentence gets an immutable entity whose text is the number as it reads now.
 * The server stores only what the entity points at and draws the number for readers. */
(() => {
  const draftail = window.draftail;
  if (!draftail || !draftail.ModalWorkflowSource) return;

  class FigureReferenceSource extends draftail.ModalWorkflowSource {
    getChooserConfig(entity) {
      const urls = this.props.entityType.chooserUrls;
      const data = entity ? entity.getData() : null;
      const options = (figureId, extra) =>
        this.workflow.loadUrl(urls.figureReference, { id: figureId, ...(extra || {}) });
      const onload = {
        ...window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        // The figure chooser's last step: go on to the wave and form instead of closing.
        chosen: (modal, json) => options(json.result.id),
        figure_reference: (modal) => {
          const form = modal.body.find('form[data-stats-figure-reference-form]');
          modal.ajaxifyForm(form);
          form.find('select').first().trigger('focus');
        },
        figure_reference_chosen: (modal, json) => modal.respond('referenceChosen', json.result),
      };
      const responses = { referenceChosen: this.onChosen };
      if (data && data.id) {
        return {
          url: urls.figureReference,
          urlParams: { id: data.id, wave: data.wave, form: data.form, from: data.from || '', article: data.article || '' },
          onload,
          responses,
        };
      }
      return { url: urls.figureChooser, urlParams: {}, onload, responses };
    }

    filterEntityData(data) {
      return {
        id: data.id,
        wave: data.wave,
        form: data.form,
        from: data.from || '',
        article: data.article || '',
        label: data.label,
      };
    }
  }

  // Draftail's link tooltip (label, edit, remove), showing which figure and wave the number is.
  class FigureReferenceDecorator extends draftail.TooltipEntity {
    render() {
      const props = this.props;
      const data = props.contentState.getEntity(props.entityKey).getData();
      this.props = { ...props, icon: '#icon-table', label: data.label || '', url: null };
      try {
        return super.render();
      } finally {
        this.props = props;
      }
    }
  }

  draftail.registerPlugin(
    { type: 'FIGURE', source: FigureReferenceSource, decorator: FigureReferenceDecorator },
    'entityTypes',
  );
})();
